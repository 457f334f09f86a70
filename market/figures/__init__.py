"""The public figures of the market (`/figures`): sums over a year's deliveries per province,
never a single farm."""
