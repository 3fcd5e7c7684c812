"""Uploads are held in memory only, so that no unsealed file ever touches the disk."""

from django.conf import settings
from django.core.files.uploadhandler import MemoryFileUploadHandler, SkipFile


class MemoryOnlyUploadHandler(MemoryFileUploadHandler):
    """Like Django's memory handler, but a file over the limit is dropped, not spilled to a temp file."""

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.activated = True  # always in memory; the limit is enforced per chunk below

    def new_file(self, *args, **kwargs):
        self.received = 0
        super().new_file(*args, **kwargs)  # raises StopFutureHandlers: this handler takes the file

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.SATHI_MAX_UPLOAD_BYTES:
            self.request.upload_too_large = True
            raise SkipFile
        return super().receive_data_chunk(raw_data, start)
