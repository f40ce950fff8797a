"""Estate modules: one per AWS service, each with `seed(ctx)` and `expected(profile)`.

`seed` creates that service's resources for the context's scenario (good examples always,
bad ones when `ctx.bad`, `ctx.copies` of each per-resource example). `expected` returns, per
check id, the exact set of statuses a full run reports over the scenario's regions.
"""
