"""market/runs"""
