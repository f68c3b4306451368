# No models yet. The module's presence makes Django send this app post_migrate (apps without a
# models module get none), which creates the editorial groups (apps.py).
