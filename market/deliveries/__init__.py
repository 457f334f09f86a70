"""Deliveries and papers: the delivery ledger (afleveringsbewijzen) against agreed proposals,
the declaration of origin (verklaring van herkomst) and the yearly overview as PDF and CSV.
Pages `/deliveries…`; API `/deliveries…`."""
