"""Fixtures of the hidden tests: a seeded generator per test, and candidate proxies."""

import zlib

import numpy as np
import pytest


def _plugin(request):
    return request.config.gdgrade


@pytest.fixture
def rng(request):
    """A generator seeded by the run's --seed and the test's name: same inputs every run."""
    seed = _plugin(request).seed
    return np.random.default_rng([seed, zlib.crc32(request.node.nodeid.encode())])


def candidate(name):
    """A fixture giving the submission's function `name` (a grader.proxy.CandidateFunction).

    A test scores the one challenge function whose fixture it uses."""

    @pytest.fixture(name=name)
    def _fixture(request):
        return _plugin(request).function(request.module.__name__, name)

    return _fixture
