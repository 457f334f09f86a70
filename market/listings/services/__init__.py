"""market/listings/services"""
