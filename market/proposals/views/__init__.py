"""market/proposals/views"""
