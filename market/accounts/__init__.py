"""market/accounts"""
