print("volley")
