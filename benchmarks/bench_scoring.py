"""Grade 100,000 organizations under the built-in `village` standard, in memory.

Prints organizations per second for exact grading (dingji.core.scoring.grade on
prepared assessments) beside a plain float loop doing the same arithmetic in
the same run: per indicator and source the method's points, clamped, summed,
weighted, plus survey, bonus and penalty, then a grade by thresholds.
Asserts nothing about time.  Usage: python benchmarks/bench_scoring.py [N]
"""

from __future__ import annotations

import random
import sys
import time
from decimal import Decimal

import dingji
from dingji.core.inputs import Assessment, spec_for
from dingji.core.scoring import grade_all, plan_for


def make_inputs(std, n, seed=1):
    """n assessments with valid random values (exact Decimals / bools)."""
    rng = random.Random(seed)
    spec = spec_for(std)
    out = []
    for i in range(n):
        values = {}
        for key in spec.required:
            kind, maximum, _ = spec.accepts[key]
            if kind == "score":
                values[key] = Decimal(rng.randint(0, int(maximum) * 2)) / 2
            elif kind == "count":
                values[key] = Decimal(rng.randint(0, 2))
            elif kind == "yesno":
                values[key] = rng.random() < 0.8
            else:
                values[key] = Decimal(rng.randint(50, 100)) / 100
        values[("survey", "满意")] = Decimal(rng.randint(20, 60))
        values[("survey", "基本满意")] = Decimal(rng.randint(0, 20))
        values[("survey", "不满意")] = Decimal(rng.randint(0, 5))
        values[("bonus", "honor")] = Decimal(rng.randint(0, 1))
        values[("veto", "petition")] = rng.random() < 0.01
        out.append(Assessment(f"org-{i}", values))
    return out


def _float_fn(ind):
    """The indicator's rule as a float function, compiled once (as dingji compiles its scorers)."""
    maximum, o = float(ind.points), ind.options
    if ind.method == "deduct" and "per" in o:
        per = float(o["per"])
        return lambda n: maximum - per * n
    if ind.method == "deduct":
        pts = [float(d["points"]) for d in o["deductions"]]
        return lambda *ns: maximum - sum(p * n for p, n in zip(pts, ns))
    if ind.method == "check" and "items" in o:
        pts = [float(d["points"]) for d in o["items"]]
        return lambda *oks: sum(p for p, ok in zip(pts, oks) if ok)
    if ind.method == "check":
        return lambda ok: maximum if ok else 0.0
    if ind.method == "tiers":
        tiers = [(float(t["min"]), float(t["points"])) for t in o["tiers"]]
        return lambda r: next((p for lo, p in tiers if r >= lo), 0.0)
    if ind.method == "score":
        return lambda v: v
    return lambda r: r * maximum  # ratio, tracker


def to_floats(assessments):
    """The same inputs as floats (a float implementation would read them so)."""
    return [{k: (v if isinstance(v, bool) else float(v)) for k, v in a.values.items()} for a in assessments]


def float_loop(std, float_inputs):
    """The same arithmetic in floats, with the same structure as dingji's grading loop."""
    plan = plan_for(std)
    nsrc = len(plan.ind_sources)
    rows = [
        (float(ind.points), _float_fn(ind), [plan.keys(si, i) for si in range(nsrc)])
        for i, (ind, _) in enumerate(std.scorers)
    ]
    weights = [(float(s.weight), s.kind, s.id) for s in std.sources]
    options = plan.surveys[0][1] if plan.surveys else []  # the village standard has one survey
    survey = [(k, float(v), sat) for k, v, sat in options]
    bonus = [(k, float(p)) for k, p in plan.bonus]
    penalty = [(k, float(p)) for k, p in plan.penalty]
    bcap, pcap = float(std.bonus.cap), float(std.penalty.cap)
    grades = [(float(lo), name) for lo, name in plan.grades]
    total = float(std.total)
    out = []
    for v in float_inputs:
        scores = {}
        for si in range(nsrc):
            s = 0.0
            for maximum, fn, keys in rows:
                p = fn(*[v[k] for k in keys[si]])
                s += 0.0 if p < 0.0 else maximum if p > maximum else p
            scores[plan.ind_sources[si].id] = s
        answered = weighted = sat_n = 0.0
        for k, val, sat in survey:
            n = v.get(k, 0.0)
            answered += n
            weighted += n * val
            if sat:
                sat_n += n
        combined = 0.0
        for w, kind, sid in weights:
            combined += w * (total * weighted / answered if kind == "survey" else scores[sid])
        combined += min(sum(v.get(k, 0.0) * p for k, p in bonus), bcap)
        combined -= min(sum(v.get(k, 0.0) * p for k, p in penalty), pcap)
        combined = round(min(max(combined, 0.0), total), 1)
        out.append(next(name for lo, name in grades if combined >= lo))
    return out


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    std = dingji.get_standard("village")
    t0 = time.perf_counter()
    assessments = make_inputs(std, n)
    t_make = time.perf_counter() - t0

    float_inputs = to_floats(assessments)
    t0 = time.perf_counter()
    floats = float_loop(std, float_inputs)
    t_float = time.perf_counter() - t0

    t0 = time.perf_counter()
    results = grade_all(std, assessments)
    t_exact = time.perf_counter() - t0

    differ = sum(r.grade != g for r, g in zip(results, floats) if not r.vetoes)
    print(f"village standard: {len(std.indicators)} indicators × {len(plan_for(std).ind_sources)} indicator sources")
    print(f"organizations:        {n:,} (inputs prepared in {t_make:.2f} s)")
    print(f"float loop (floor):   {t_float:.2f} s  {n / t_float:,.0f} orgs/s  {t_float / n * 1e6:.1f} µs/org")
    print(f"dingji exact grading: {t_exact:.2f} s  {n / t_exact:,.0f} orgs/s  {t_exact / n * 1e6:.1f} µs/org")
    print(f"ratio exact / float:  {t_exact / t_float:.2f}x  (goal: within 3x)")
    print(f"grades that differ between float and exact (vetoes aside): {differ}")


if __name__ == "__main__":
    main()
