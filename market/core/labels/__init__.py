"""market/core/labels"""
