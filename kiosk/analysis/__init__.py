"""Comparing many tables' rankings, with no Qt: statistics (Kendall's W, τ-b, spread),
consensus orders (Borda, exact Kemeny), which rankings a comparison covers (`selection`),
the figures the dashboard and the report show, and the words they are written in."""
