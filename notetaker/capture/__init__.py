"""Live capture, Qt-free: the background writer, its recovery file, the session clock, the writer lock.

The interface (``ui``) hands the :class:`~notetaker.capture.writer.Writer`
plain snapshots of what is on screen; the writer makes them durable on its own
thread, so that typing never waits on the disk.
"""
