"""Deliveries and papers: the delivery ledger (afleveringsbewijzen) against agreed proposals,
the declaration of origin (verklaring van herkomst) and the yearly overview as PDF and CSV,
and statements of non-availability (verklaring niet-beschikbaarheid) for a farm's request.
Pages `/deliveries…`; API `/deliveries…`, `/statements…`."""
