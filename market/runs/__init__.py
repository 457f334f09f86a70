"""Match runs: a coordinator starts one (one limit for page and API), follows its progress and
reads its proposals, totals, map and exports. Pages `/review…`; API `/runs…`."""
