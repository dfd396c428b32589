"""Talk to Closer Again without a device: typed utterances in, speech out."""
