"""market/accounts/services"""
