"""market/figures"""
