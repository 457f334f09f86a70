"""market/accounts/forms"""
