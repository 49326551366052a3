"""Alliance tradeoffs: the multi-criteria model, the two-player game, and the explorer widget."""
