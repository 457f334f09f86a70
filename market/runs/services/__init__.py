"""market/runs/services"""
