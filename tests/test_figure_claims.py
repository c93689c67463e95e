"""Every number and claim in a figure caption is computed by that question's experiment() and true.

Each figures.py computes its numbers once, in experiment(); figures() writes them into
the captions and these tests recompute the claims from the same dict (and, where a claim
is about a function rather than its samples, from a finer or exact evaluation)."""

import math

import numpy as np
import pytest

from gdgrade import figures
from gdgrade.gdkit.models import MLP
from gdgrade.pack import experiments, load_pack
from gdgrade.plot import fmt
from gdgrade.reference import q10_plateau

PACK = load_pack()


def _module(qid):
    return figures.experiment(PACK.question(qid))


def _captions(qid):
    return [f.caption for f in _module(qid).figures()]


@pytest.fixture(scope="module")
def q02():
    return _module("q02").experiment()


@pytest.fixture(scope="module")
def q03():
    return _module("q03").experiment()


@pytest.fixture(scope="module")
def q05():
    return _module("q05").experiment()


@pytest.fixture(scope="module")
def q07():
    return _module("q07").experiment()


@pytest.fixture(scope="module")
def q10():
    return _module("q10").experiment()


@pytest.fixture(scope="module")
def q01():
    return _module("q01").experiment()


@pytest.fixture(scope="module")
def q04():
    return _module("q04").experiment()


@pytest.fixture(scope="module")
def q06():
    return _module("q06").experiment()


@pytest.fixture(scope="module")
def q08():
    return _module("q08").experiment()


@pytest.fixture(scope="module")
def q09():
    return _module("q09").experiment()


# -- Q1 -------------------------------------------------------------------------------------

def test_q01_slope_1_up_to_the_stated_eps_at_the_height_of_the_derivative(q01):
    (c,) = _captions("q01")
    eps = q01["eps"]
    assert f"within 1% up to eps = {fmt(q01['linear_upto'], 1)}" in c
    for k, slopes in q01["slopes"].items():
        assert np.all(np.abs(slopes[eps[:-1] < q01["linear_upto"]] - 1.0) <= 0.01), k
        np.testing.assert_allclose(q01["dy"][k][:3] / eps[:3], abs(q01["grad"][k]), rtol=1e-5)
    assert q01["linear_upto"] >= 0.01 and q01["height_error"] < 1e-6
    # The three weights' derivatives span orders of magnitude.
    d = sorted(abs(q01["grad"][k]) for k in q01["picks"])
    assert d[-1] / d[0] > 100


def test_q01_relu_weight_into_an_off_unit_moves_nothing(q01):
    fig = _module("q01").figures()[0].data()
    eps = q01["eps"]
    assert np.all(q01["relu_dy"][eps <= q01["upto"]] == 0.0) and q01["upto"] == eps[-1]
    # Off for every eps of the sweep: the pre-activation moves by eps·x and stays below 0.
    assert np.all(q01["unit_pre_activation"] + eps * q01["x_row"] < 0)
    assert any(t["text"] == f"ΔY = 0 exactly for every eps ≤ {q01['upto']:.2g} (off the log axes)"
               for t in fig["texts"])


# -- Q2 -------------------------------------------------------------------------------------

def test_q02_tanh_changes_continuously_and_the_caption_says_by_how_much(q02):
    a, _ = _captions("q02")
    assert "continuously" in a and "smoothly" not in a
    spacing = q02["ts"][1] - q02["ts"][0]
    assert f"samples {spacing:g} apart differ by at most {q02['tanh_max_change']:.3f}" in a
    assert q02["tanh_max_change"] < 0.05 * q02["step_jump"]
    # Continuity, not a coarse sampling: ten times finer samples differ about ten times less.
    module = _module("q02")
    fine = np.linspace(-4.0, 4.0, 3201)
    y = module.sweep_first_layer(MLP(q02["sizes"], "tanh"), q02["w"], q02["x"], 0, 0, fine)
    assert np.max(np.abs(np.diff(y))) < 0.15 * q02["tanh_max_change"]


def test_q02_step_is_constant_but_for_one_jump_where_the_units_pre_activation_crosses_0(q02):
    a, _ = _captions("q02")
    jumps = q02["step_jumps"]
    assert jumps.sum() == 1
    np.testing.assert_array_equal(jumps, q02["step_unit_crossings"])
    assert f"jumps by {q02['step_jump']:.2f}" in a


def test_q02_find_jumps_marks_the_one_jump_of_the_step_sweep(q02):
    assert len(q02["found"]) == 1 and q02["found_in_sampled_jump"]
    legend = [label for label, _, kind in _module("q02").figures()[0].legend_items if kind == "dot"]
    assert legend == [f"jump found by find_jumps: t = {q02['found'][0]:.4f}".replace("-", "−")]


def test_q02_floor_jumps_exactly_where_some_pre_activation_crosses_an_integer(q02):
    _, b = _captions("q02")
    np.testing.assert_array_equal(q02["floor_jumps"], q02["floor_crossings"])
    assert q02["floor_jumps"].sum() > 1
    assert f"jumps {int(q02['floor_jumps'].sum())} times" in b


# -- Q3 -------------------------------------------------------------------------------------

def test_q03_per_example_losses_are_kinked_and_the_total_rmse_is_not(q03):
    a, _ = _captions("q03")
    per, total = q03["per_slope_jumps"], q03["total_slope_jumps"]
    assert len(per) == len(q03["kinks"]) == 3 and f"at the kinks of the {len(per)} examples drawn" in a
    assert np.all(np.abs(q03["kinks"]) < 1.5)      # each drawn curve has its kink inside the sweep
    assert per.min() > 0.2 and total.max() < 1e-3 * per.min()
    assert (f"jumps by {fmt(float(per.min()))} to {fmt(float(per.max()))}, the total's by at most "
            f"{fmt(float(total.max()), 1)}") in a
    # The total is the root of a positive mean of squares: it is never 0 on the sweep.
    assert (q03["base_total"] + q03["total"]).min() > 0.1
    assert "bends smoothly" not in a


def test_q03_total_change_is_first_order_and_not_the_mean_per_example_change(q03):
    _, b = _captions("q03")
    eps, small = q03["eps"], q03["small"]
    assert np.all(np.abs(q03["total"][small] - eps[small] * q03["slope"]) <= 2.0 * eps[small] ** 2 + 1e-12)
    assert q03["opposite"] and "not even its sign" in b
    near = small & (np.abs(eps) > 0.05) & (np.abs(eps) < 0.2)
    assert np.all(np.sign(q03["total"][near]) != np.sign(q03["per"][near].mean(axis=1)))


# -- Q4 -------------------------------------------------------------------------------------

def test_q04_one_grid_minimum_and_the_convex_share(q04):
    a, b = _captions("q04")
    Z = q04["Z"]
    assert len(q04["minima"]) == 1 and tuple(q04["minima"][0]) == tuple(q04["best"])
    assert "with a single minimum on the grid" in a and f"RMSE {q04['min']:.2f} at offsets" in a
    share = q04["convex_share"]
    assert 0 < share < 0.5 and f"only {share:.0%} of the points" in a and f"only {share:.0%} of the grid" in b
    assert share == float(np.mean(q04["convex"])) and Z[tuple(q04["best"])] == Z.min()


def test_q04_slice_is_continuous_and_smooth(q04):
    """Halving the spacing halves the largest step between neighbours and leaves the second
    differences over h² about the same: no jumps, no kinks."""
    net, w, X, Y = q04["net"], q04["w"], q04["X"], q04["Y"]
    coarse = experiments.OFFSETS
    fine = np.linspace(coarse[0], coarse[-1], 2 * len(coarse) - 1)
    Zf = np.sqrt(np.mean((experiments.slice_predictions(net, w, X, fine) - Y) ** 2, axis=-1))
    np.testing.assert_allclose(Zf[::2, ::2], q04["Z"], rtol=0, atol=1e-12)
    step = max(np.abs(np.diff(q04["Z"], axis=k)).max() for k in (0, 1))
    step_f = max(np.abs(np.diff(Zf, axis=k)).max() for k in (0, 1))
    assert 0.4 < step_f / step < 0.6
    h = q04["h"]
    d2 = np.abs(np.diff(q04["Z"], 2, axis=0)).max() / h ** 2
    d2_f = np.abs(np.diff(Zf, 2, axis=0)).max() / (h / 2) ** 2
    assert 0.5 < d2_f / d2 < 2.0


# -- Q5 -------------------------------------------------------------------------------------

def test_q05_line_predictions_are_row_zero_of_the_slice():
    net, w, X, Y, i, j = experiments.slice_model()
    zero = int(np.flatnonzero(experiments.OFFSETS == 0.0)[0])
    np.testing.assert_array_equal(experiments.line_predictions(net, w, X, experiments.OFFSETS),
                                  experiments.slice_predictions(net, w, X, experiments.OFFSETS)[zero])


def test_q05_only_the_0_1_loss_is_flat_on_the_sweep(q05):
    a, _ = _captions("q05")
    flat = q05["flat_share"]
    assert flat["RMSE"] == flat["MAE"] == flat["hinge"] == 0.0
    assert flat["0-1"] > 0.9 and f"at {flat['0-1']:.0%} of the points both neighbours" in a
    assert f"none of the three is flat at any of the {len(q05['sweep'])} points" in a
    # No two neighbouring samples of RMSE, MAE or hinge are equal: no flat run at all.
    for name in ("RMSE", "MAE", "hinge"):
        assert np.all(np.diff(q05["curves"][name]) != 0), name


def test_q05_0_1_loss_is_a_staircase_with_a_jump_at_each_decision_crossing(q05):
    a, _ = _captions("q05")
    zero_one = q05["curves"]["0-1"]
    assert q05["jumps"] == len(q05["steps"]) and f"staircase: {q05['jumps']} jumps" in a
    n = 12   # examples: every value is a multiple of 1/n
    assert np.allclose(zero_one * n, np.round(zero_one * n))
    jumps = np.flatnonzero(np.diff(zero_one) != 0)
    np.testing.assert_array_equal(np.searchsorted(q05["sweep"], q05["steps"]) - 1, jumps)


def test_q05_mae_and_hinge_are_continuous_piecewise_linear_with_real_kinks(q05):
    a, _ = _captions("q05")
    assert q05["affine_error"] < 1e-12
    assert f"piecewise linear with {len(q05['kinks'])} kinks" in a
    for name in ("MAE", "hinge"):
        assert q05["piece_spread"][name] < 1e-9, name             # linear between kinks
        assert np.all(np.abs(np.diff(q05["piece_slopes"][name])) > 1e-3), name   # a kink at every one
        assert np.max(np.abs(np.diff(q05["curves"][name]))) < 0.02, name   # no jump (continuous)
    assert len(q05["mae_slope_jumps"]) == len(q05["kinks"]) and q05["mae_slope_jumps"].min() > 0.01
    slopes = q05["piece_slopes"]["hinge"]
    assert q05["hinge_slopes"] == len(slopes) == len(q05["kinks"]) + 1
    assert q05["hinge_min_slope"] > 0 and f"hinge: {q05['hinge_slopes']} slopes" in a
    assert f"the smallest |slope| {q05['hinge_min_slope']:.2f}" in a


def test_q05_rmse_is_smooth_because_its_square_is_a_quadratic_above_0(q05):
    a, _ = _captions("q05")
    s, rmse = q05["sweep"], q05["curves"]["RMSE"]
    fit = np.polyval(np.polyfit(s, rmse ** 2, 2), s)
    assert np.max(np.abs(fit - rmse ** 2)) < 1e-9
    assert q05["rmse_min"] > 0.1 and f"never below {q05['rmse_min']:.2f}, is smooth" in a


def test_q05_minima_differ_and_the_caption_has_no_claims_it_does_not_compute(q05):
    a, b = _captions("q05")
    m = q05["minimisers"]
    assert len({round(v, 1) for v in m.values()}) == 3
    for name, v in m.items():
        assert f"{name} {v:.1f}".replace("-", "−") in a
    for caption in (a, b):
        assert "level sets" not in caption and "every direction" not in caption
        assert "almost everywhere" not in caption


def test_q05_heatmap_flat_share_and_values(q05):
    _, b = _captions("q05")
    assert f"takes only {q05['grid_values']} values" in b and f"{q05['grid_flat']:.0%} of the points" in b
    assert q05["grid_values"] == len(np.unique(q05["zero_one"])) and 0.0 < q05["grid_flat"] < 1.0


# -- Q6 -------------------------------------------------------------------------------------

def test_q06_each_step_helps_both_overshoot(q06):
    (c,) = _captions("q06")
    base = q06["base"]
    assert q06["only_i"] < base and q06["only_j"] < base < q06["both"]
    assert f"from {base:.2f} to {q06['only_i']:.2f}" in c and f"{q06['only_j']:.2f}" in c
    assert f"risen to {q06['both']:.2f}" in c
    path = q06["path"]
    assert 0 < q06["lowest_t"] < 1 and path.min() < base < path[-1]
    assert f"lowest {q06['lowest_t']:.0%} of the way" in c


# -- Q7 -------------------------------------------------------------------------------------

def test_q07_worse_examples_are_exactly_the_predicted_ones(q07):
    (c,) = _captions("q07")
    assert q07["worse"] == q07["predicted"] and "exactly those marked ▲" in c
    assert f"yet {len(q07['worse'])} of {len(q07['changes'])} examples get worse" in c
    assert q07["total"] < 0 and f"by {-q07['total']:.3f}" in c


def test_q07_step_is_the_residual_weighted_sum_not_the_plain_mean(q07):
    (c,) = _captions("q07")
    assert q07["weighted_error"] < 1e-12
    assert np.ptp(q07["weights"]) > 0.05                    # far from uniform weights
    assert q07["cosine"] < 0.99 and f"is {q07['cosine']:.2f}" in c
    wrong = sorted(q07["by_mean"] ^ q07["worse"])
    assert wrong and f"misjudge {len(wrong)} example" in c and f"({', '.join(map(str, wrong))})" in c
    assert "mean gradient" not in c


# -- Q8 -------------------------------------------------------------------------------------

def test_q08_a_saddle_with_the_stated_curvature_counts(q08):
    a, _ = _captions("q08")
    lam, tol = q08["lam"], q08["tol"]
    assert q08["kind"] == "saddle" and q08["grad_norm"] < 1e-12
    assert q08["negative"] == int(np.sum(lam < -tol)) > 0 and q08["positive"] == int(np.sum(lam > tol)) > 0
    assert f"negative in {q08['negative']} directions, positive in {q08['positive']} and 0 in the rest" in a
    assert np.all(np.abs(lam[(lam >= -tol) & (lam <= tol)]) < 1e-8)
    assert f"|∇L| = {fmt(q08['grad_norm'], 1)} (0 up to rounding)" in a


def test_q08_loss_falls_both_ways_along_the_escape_direction_and_gd_needs_a_nudge(q08):
    _, b = _captions("q08")
    ts, down = q08["ts"], q08["along_down"]
    assert np.all(down[ts != 0] < 0) and np.all(q08["along_up"][ts != 0] > 0)
    exact, nudged = q08["runs"]["exact"], q08["runs"]["nudged"]
    assert exact["moved"] < 1e-12 and exact["end"] == pytest.approx(exact["start"], abs=1e-12)
    assert nudged["end"] < exact["start"] - 0.1
    assert f"moves the weights by only {fmt(exact['moved'], 1)}" in b
    assert f"from {exact['start']:.2f} to {nudged['end']:.2f}" in b


# -- Q9 -------------------------------------------------------------------------------------

def test_q09_zero_coordinates_revived_and_dead(q09):
    (c,) = _captions("q09")
    g, g_new = q09["g"], q09["g_new"]
    zero = set(np.flatnonzero(g == 0).tolist())
    assert f"{len(zero)} coordinates start at exactly 0" in c
    revived = set(q09["revived"])
    assert revived == zero & set(np.flatnonzero(g_new != 0).tolist()) and f"{len(revived)} of them come back" in c
    assert revived <= set(q09["second_unit_params"]) and f"all into or out of second-layer unit {q09['unit']}" in c
    assert q09["unit_max_before"] <= 0 < q09["unit_max_after"]
    assert f"from {fmt(q09['unit_max_before'], 2)} to {fmt(q09['unit_max_after'], 2)}" in c
    assert q09["dead"] == [0] and q09["dead_max"] < 0
    touching = set(q09["touching"])
    assert touching <= set(q09["stays"]) and f"all {len(touching)} parameters into and out of first-layer unit 0" in c


def test_q09_texts_state_the_numbers_of_its_picture(q09):
    q = PACK.question("q09")
    text = " ".join([q.explanation["en"]] + [m["correction"]["en"] for m in q.misconceptions])
    zero = int(np.sum(q09["g"] == 0))
    assert f"{len(q09['revived'])} of the {zero} zero coordinates are nonzero after one step" in text
    assert f"those of second-layer unit {q09['unit']}" in text and f"second-layer unit {q09['unit']} is off" in text
    sizes = q09["sizes"]
    assert len(q09["touching"]) == sizes[0] + 1 + sizes[2]
    assert (f"all {len(q09['touching'])} parameters of first-layer unit 0 ({sizes[0]} weights in, its bias, "
            f"{sizes[2]} weights out) stay 0") in text


# -- Q10 ------------------------------------------------------------------------------------

def test_q10_rates_sit_below_1_between_1_and_2_at_2_and_above_2_over_lambda_max(q10):
    g = q10["gd"]
    f = g["lrs"] * g["lam_max"]
    assert f[0] < 1 < f[1] < 2 and math.isclose(f[2], 2.0) and f[3] > 2


def test_q10_sign_flips_along_the_top_eigenvector(q10):
    a, _ = _captions("q10")
    g = q10["gd"]
    assert g["flips"][0] == 0 and "(0 sign flips)" in a
    assert g["flips"][1] == g["flips"][2] == g["flips"][3] == len(g["along"]) - 1 > 0
    assert f"flips sign at each of the {len(g['along']) - 1} steps" in a


def test_q10_loss_falls_below_2_over_lambda_max_and_rises_above(q10):
    a, _ = _captions("q10")
    g = q10["gd"]
    loss = g["losses"]
    assert g["falls"][0] and g["falls"][1] and "still falls at every step" in a
    # |c_T / c_0| = |1 − lr·λmax|^T for every rate: shrinking below 2/λmax, constant at it, growing above.
    steps = len(g["along"]) - 1
    np.testing.assert_allclose(g["shrink"], np.abs(1 - g["lrs"] * g["lam_max"]) ** steps, rtol=1e-6, atol=1e-12)
    assert g["shrink"][1] < 0.05
    assert abs(g["shrink"][2] - 1.0) < 1e-6 and f"|c20/c0| = {g['shrink'][2]:.3f}" in a
    assert loss[-1, 2] > 2 * g["floor"]                    # at 2/λmax the loss does not reach the floor
    assert g["rises"][3] and loss[-1, 3] > 10 * loss[0, 3] and f"to {fmt(loss[-1, 3], 3)}." in a
    assert f"({fmt(loss[0, 1], 2)} → {fmt(loss[-1, 1], 2)})" in a


def test_q10_simulated_sgd_floor_matches_the_formula(q10):
    _, b = _captions("q10")
    s = q10["sgd"]
    assert np.all(np.diff(s["simulated"]) > 0) and np.all(np.diff(s["formula"]) > 0)
    assert s["deviation"] == pytest.approx(np.max(np.abs(s["simulated"] / s["formula"] - 1)))
    assert s["deviation"] < 0.05 and f"at most {s['deviation']:.1%}" in b
    assert s["at_limit"] == math.inf == q10_plateau.sgd_stationary_loss(1.0, 2.5, 1.0)


def test_q10_texts_state_the_numbers_of_its_pictures(q10):
    """The explanation and misconceptions quote the first picture's losses (as its legend rounds
    them), its floor and the second picture's stationary levels."""
    gd, s = q10["gd"], q10["sgd"]
    low, osc, edge, high = range(4)
    text = " ".join([PACK.question("q10").explanation["en"]] + [m["correction"]["en"]
                                                                 for m in PACK.question("q10").misconceptions])
    stated = {"0.206": gd["floor"], "0.778": gd["losses"][0, low], "0.257": gd["losses"][-1, low],
              "0.228": gd["losses"][-1, osc], "21.6": gd["losses"][-1, high],
              "0.125": s["formula"][list(q10_plateau_rates()).index(0.4)],
              "0.013": s["simulated"][list(q10_plateau_rates()).index(0.05)]}
    for said, value in stated.items():
        digits = len(said.replace(".", "").lstrip("0"))       # as many as the text gives
        assert said in text and float(said) == float(fmt(value, digits)), (said, value)
    assert abs(s["simulated"][list(q10_plateau_rates()).index(0.4)] - 0.125) < 0.005   # "near 0.125"
    assert "20 steps" in text and _module("q10").STEPS == 20
    assert [f"{r:g}/λmax" for r in _module("q10").RATES] == ["0.8/λmax", "1.8/λmax", "2/λmax", "2.1/λmax"]
    assert gd["rises"][high] and gd["falls"][osc] and gd["flips"][osc] == 20 and not gd["flips"][low]


def q10_plateau_rates():
    return [float(r) for r in _module("q10").SGD_RATES]


def test_each_experiment_is_deterministic_and_fast():
    import time
    for qid in ("q01", "q02", "q03", "q04", "q05", "q06", "q07", "q08", "q09", "q10"):
        module = _module(qid)
        start = time.perf_counter()
        figs = [f.data() for f in module.figures()]
        assert time.perf_counter() - start < 0.3, qid
        assert figs == [f.data() for f in module.figures()], qid
