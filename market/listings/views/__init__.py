"""market/listings/views"""
