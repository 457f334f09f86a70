"""market/proposals/services"""
