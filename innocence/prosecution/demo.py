def load(context):
    return None
