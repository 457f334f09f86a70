"""market/deliveries/services"""
