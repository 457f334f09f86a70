"""Accounts and farms: log-in, sign-up and password reset, the coordinator's farm approval,
the farm profile (land, natural land, animals) with the N-room/A-share calculator, and API
tokens. Pages `/login`, `/signup`, `/password/…`, `/farm…`, `/farms…`, `/account/tokens…`;
API `/me`, `/farm`. Views in `views/`, operations in `services/`, inputs in `schemas.py`,
render-only forms in `forms/`, pages in `templates/`."""
