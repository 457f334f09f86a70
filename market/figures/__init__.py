"""The public figures of the market (`/figures`): sums over a year's deliveries per province,
each from at least three supplying and three receiving farms, so never a single farm."""
