"""market/audit"""
