"""Comparing rankings, no Qt: statistics (W, τ-b, spread), consensus (Borda, Kemeny),
selection, which table is which, the figures the screens and the report show, and wording."""
