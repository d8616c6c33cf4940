"""The web desk (``dingji serve``): a face beside the command line, over the same services."""
