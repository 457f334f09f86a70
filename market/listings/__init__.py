"""market/listings"""
