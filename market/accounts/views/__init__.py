"""market/accounts/views"""
