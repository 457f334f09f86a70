"""market/core"""
