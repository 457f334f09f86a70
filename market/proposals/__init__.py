"""market/proposals"""
