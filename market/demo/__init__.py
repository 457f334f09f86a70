"""market/demo"""
