"""Pairs of submissions whose code is alike after normalising names, literals and layout.

Winnowing (Schleimer, Wilkerson and Aiken 2003, the method behind MOSS) over Python's own
tokenizer: identifiers become N, literals L, comments, line breaks and indentation are
dropped; attribute names after a dot and builtins stay, since renaming variables does
not change them. Every k consecutive tokens are hashed, and of every w consecutive
hashes the smallest is kept. Fingerprints found in the stubs (challenges/*.py: the
signatures, docstrings, ``raise NotImplementedError``) never count. Functions are
compared one by one, so a flag names the functions concerned.

copydetect (PyPI) does the same for whole files, but it depends on pygments, numpy,
jinja2 and tqdm, compares files rather than functions, and cannot exclude one stub per
function; this is 100 lines of the standard library.
"""

import ast
import builtins
import hashlib
import io
import keyword
import tokenize
from itertools import combinations

K = 5                    # tokens per k-gram
W = 4                    # window: any run of W + K - 1 equal tokens shares a fingerprint
MIN_FINGERPRINTS = 6     # a function smaller than this says too little to compare
THRESHOLD = 0.6          # Jaccard similarity of fingerprints above which a pair is worth a look
MIN_UNION = 60           # fingerprints compared at least: single functions of independent correct
                         # submissions often coincide (the contract dictates their checks), whole ones do not
_KEEP = set(dir(builtins)) | {"self", "cls"}
_DROP = {tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT,
         tokenize.ENCODING, tokenize.ENDMARKER}


def tokens(source):
    """The normalised token stream of Python source (empty if it does not tokenize)."""
    out, after_dot = [], False
    try:
        for tok in tokenize.generate_tokens(io.StringIO(source).readline):
            if tok.type in _DROP:
                continue
            if tok.type == tokenize.NAME:
                if keyword.iskeyword(tok.string) or tok.string in _KEEP or after_dot:
                    out.append(tok.string)
                else:
                    out.append("N")
            elif tok.type in (tokenize.NUMBER, tokenize.STRING) or tok.type == getattr(tokenize, "FSTRING_START", -1):
                out.append("L")
            elif tok.type in (getattr(tokenize, "FSTRING_MIDDLE", -1), getattr(tokenize, "FSTRING_END", -1)):
                continue
            else:
                out.append(tok.string)
            after_dot = tok.string == "."
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return []
    return out


def fingerprints(source, k=K, w=W):
    """The winnowed set of k-gram hashes of `source`."""
    toks = tokens(source)
    grams = [int.from_bytes(hashlib.blake2b("\x1f".join(toks[i:i + k]).encode(), digest_size=8).digest(), "big")
             for i in range(len(toks) - k + 1)]
    if len(grams) <= w:
        return set(grams)
    chosen = set()
    for i in range(len(grams) - w + 1):
        chosen.add(min(grams[i:i + w]))
    return chosen


def functions_of(files, names):
    """{function name: source} of the top-level challenge functions in a submission's files."""
    found = {}
    for _, data in sorted(files.items()):
        text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
        try:
            tree = ast.parse(text)
        except (SyntaxError, ValueError):
            continue
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name in names:
                segment = ast.get_source_segment(text, node)
                if segment:
                    # the docstring is the stub's text (or the candidate's prose): not code
                    if node.body and isinstance(node.body[0], ast.Expr) and isinstance(
                            getattr(node.body[0], "value", None), ast.Constant) and isinstance(
                            node.body[0].value.value, str):
                        segment = segment.replace(ast.get_source_segment(text, node.body[0]) or "", "", 1)
                    found[node.name] = segment
    return found


def stub_fingerprints(stub_files):
    """Fingerprints of the stubs' own text, whole files and per function (never counted)."""
    prints = set()
    for data in stub_files.values():
        text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
        prints |= fingerprints(text)
    return prints


def profile(files, names, excluded):
    """{function: fingerprint set} of one submission, stub fingerprints removed, small ones dropped."""
    prof = {}
    for name, src in functions_of(files, names).items():
        fp = fingerprints(src) - excluded
        if len(fp) >= MIN_FINGERPRINTS:
            prof[name] = fp
    return prof


def similar_pairs(profiles, threshold=THRESHOLD):
    """Pairs (a, b) with their similarity over the functions both wrote and the functions alike.

    profiles: {candidate: {function: fingerprints}}. A pair is listed when the Jaccard
    similarity of the fingerprints of the functions both wrote reaches `threshold` over at
    least MIN_UNION fingerprints; the functions named are those that reach it on their own.
    (On tests/submissions/variant, independent correct submissions stay below 0.4 as a
    whole while single functions of theirs reach 1.0.) Sorted by similarity, then names."""
    pairs = []
    for a, b in combinations(sorted(profiles), 2):
        pa, pb = profiles[a], profiles[b]
        common = sorted(set(pa) & set(pb))
        if not common:
            continue
        alike, inter, union = [], 0, 0
        for f in common:
            i, u = len(pa[f] & pb[f]), len(pa[f] | pb[f])
            inter, union = inter + i, union + u
            if u and i / u >= threshold:
                alike.append((f, round(i / u, 3)))
        if union >= MIN_UNION and inter / union >= threshold:
            pairs.append({"a": a, "b": b, "similarity": round(inter / union, 3) if union else 0.0,
                          "functions": [{"function": f, "similarity": s} for f, s in alike],
                          "compared": len(common)})
    pairs.sort(key=lambda p: (-p["similarity"], p["a"], p["b"]))
    return pairs
