"""Render-only forms of the accounts area (WTForms draws them and carries CSRF; the schemas
in `market.accounts.schemas` read them)."""
