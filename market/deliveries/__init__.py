"""market/deliveries"""
