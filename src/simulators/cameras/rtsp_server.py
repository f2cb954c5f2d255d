#!/usr/bin/python3
"""RTSP server of the IOC Console camera/NVR simulator.

Serves one H.264 (or H.265) stream per camera and profile with GStreamer's RTSP server:
rtsp://127.0.0.1:PORT/<camera-id>/<profile>. Pipelines are built when the first client
connects and shared by every client, so an idle camera costs nothing.

Every frame carries a burnt-in clock: a human-readable one (clockoverlay) and a machine one,
a strip of 40 black/white blocks along the top edge holding the wall-clock time in ms
(32 bits, most significant first) and an 8-bit checksum, drawn just before the encoder so a
viewer can measure glass-to-glass latency from a displayed frame.

Sources: a videotestsrc pattern, 'vtest' (the looped pedestrian clip) or 'file': a video that
must be a regular file under the config's files_root (checked here again after the console's
own check), decoded once, looped by seeking back on end of stream and shared over an
intervideo channel; its path is set as the filesrc `location` property, never formatted into a
pipeline description.

Protocol: the configuration is one JSON object on the first line of stdin; later lines are
commands ({"cmd": "ptz", "camera": ID, "x": -1..1, "y": -1..1, "zoom": 0..1} moves the
camera's crop window). Events go to stdout as JSON lines: ready, media, error.
Run with Debian's /usr/bin/python3 (python3-gi, gir1.2-gst-rtsp-server-1.0).
"""
import ctypes
import json
import os
import sys
import threading
import time

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402

STAMP_BLOCKS = 40
STAMP_BITS = 32


def emit(event, **fields):
    fields["event"] = event
    sys.stdout.write(json.dumps(fields) + "\n")
    sys.stdout.flush()


class _MapInfo(ctypes.Structure):
    _fields_ = [
        ("memory", ctypes.c_void_p),
        ("flags", ctypes.c_int),
        ("data", ctypes.POINTER(ctypes.c_uint8)),
        ("size", ctypes.c_size_t),
        ("maxsize", ctypes.c_size_t),
        ("user_data", ctypes.c_void_p * 4),
        ("_gst_reserved", ctypes.c_void_p * 4),
    ]


class FrameStamper:
    """Writes the time code into the Y plane of I420 frames.

    PyGObject maps buffers as read-only copies, so the frame is mapped through libgstreamer
    with ctypes. The wrapper's pointer is read from the PyGBoxed layout and checked against
    the buffer's own size first; if that check ever fails, stamping turns itself off and the
    stream still flows.
    """

    def __init__(self):
        self.enabled = True
        try:
            self.lib = ctypes.CDLL("libgstreamer-1.0.so.0")
            self.lib.gst_buffer_map.argtypes = [ctypes.c_void_p, ctypes.POINTER(_MapInfo), ctypes.c_int]
            self.lib.gst_buffer_map.restype = ctypes.c_int
            self.lib.gst_buffer_unmap.argtypes = [ctypes.c_void_p, ctypes.POINTER(_MapInfo)]
            self.lib.gst_buffer_get_size.argtypes = [ctypes.c_void_p]
            self.lib.gst_buffer_get_size.restype = ctypes.c_size_t
        except OSError as err:
            emit("error", message="stamping disabled: %s" % err)
            self.enabled = False

    def stamp(self, buf, width, height):
        if not self.enabled:
            return
        ptr = ctypes.c_void_p.from_address(id(buf) + 16).value
        if not ptr or self.lib.gst_buffer_get_size(ptr) != buf.get_size():
            self.enabled = False
            emit("error", message="stamping disabled: unexpected buffer layout")
            return
        # The Python wrapper holds a reference of its own, so the buffer never looks writable
        # here; two references (the pipeline's and ours) still mean nobody else sees it.
        if ctypes.c_int.from_address(ptr + 8).value > 2:
            return
        info = _MapInfo()
        if not self.lib.gst_buffer_map(ptr, ctypes.byref(info), 1):  # GST_MAP_READ: see above
            return
        try:
            if info.size < width * height * 3 // 2:
                return
            draw_code(info.data, width, height, now_ms())
        finally:
            self.lib.gst_buffer_unmap(ptr, ctypes.byref(info))


def now_ms():
    return int(time.time() * 1000)


def code_bits(ms):
    value = ms & 0xFFFFFFFF
    checksum = (value & 0xFF) ^ ((value >> 8) & 0xFF) ^ ((value >> 16) & 0xFF) ^ ((value >> 24) & 0xFF) ^ 0xA5
    bits = [(value >> (31 - i)) & 1 for i in range(STAMP_BITS)]
    bits += [(checksum >> (7 - i)) & 1 for i in range(STAMP_BLOCKS - STAMP_BITS)]
    return bits


def draw_code(data, width, height, ms):
    block = width // STAMP_BLOCKS
    if block < 4:
        return
    row = b"".join(bytes([235 if bit else 16]) * block for bit in code_bits(ms))
    base = ctypes.addressof(data.contents)
    for y in range(block):
        ctypes.memmove(base + y * width, row, len(row))
    # Grey chroma under the strip, so the blocks read the same in any colour conversion.
    grey = b"\x80" * (len(row) // 2)
    chroma_w = width // 2
    u_plane = base + width * height
    v_plane = u_plane + chroma_w * (height // 2)
    for y in range(block // 2):
        ctypes.memmove(u_plane + y * chroma_w, grey, len(grey))
        ctypes.memmove(v_plane + y * chroma_w, grey, len(grey))


class PtzWindow:
    """Where a PTZ camera looks: the crop window over its source picture."""

    def __init__(self):
        self.x = 0.0
        self.y = 0.0
        self.zoom = 0.0

    def crop(self, src_w, src_h, out_w, out_h):
        # zoom 0 shows the whole picture, 1 a quarter of its width.
        scale = 1.0 - 0.75 * max(0.0, min(1.0, self.zoom))
        w = max(out_w // 4, int(src_w * scale)) & ~1
        h = max(out_h // 4, int(src_h * scale)) & ~1
        w = min(w, src_w)
        h = min(h, src_h)
        cx = (max(-1.0, min(1.0, self.x)) + 1) / 2 * (src_w - w)
        cy = (1 - (max(-1.0, min(1.0, self.y)) + 1) / 2) * (src_h - h)
        left = int(cx) & ~1
        top = int(cy) & ~1
        return left, top, src_w - w - left, src_h - h - top


PATTERNS = ["ball", "smpte", "pinwheel", "spokes", "snow", "circular", "gamut", "colors"]


class Simulator:
    def __init__(self, config):
        self.config = config
        self.server = GstRtspServer.RTSPServer()
        self.server.set_address("127.0.0.1")
        self.server.set_service(str(config.get("port", 0)))
        self.stamper = FrameStamper()
        self.ptz = {}
        self.crops = {}
        # (camera, profile) -> the running encoder of a prepared shared media, for keyframe requests.
        self.encoders = {}
        self.lock = threading.Lock()
        self.vtest_pipeline = None
        # 'file' sources: one looping decoder per file (real path -> channel, channel -> pipeline).
        self.file_channels = {}
        self.file_pipelines = {}
        self.profiles = config["profiles"]
        auth = config.get("auth")
        if auth:
            self._install_auth(auth)
        mounts = self.server.get_mount_points()
        for index, cam in enumerate(config["cameras"]):
            if cam.get("ptz"):
                self.ptz[cam["id"]] = PtzWindow()
            for profile in self.profiles:
                factory = GstRtspServer.RTSPMediaFactory()
                factory.set_launch(self._launch(cam, index, profile))
                factory.set_shared(True)
                factory.set_latency(0)
                if auth:
                    self._permit(factory, auth["username"])
                factory.connect("media-configure", self._on_media_configure, cam, profile)
                mounts.add_factory("/%s/%s" % (cam["id"], profile), factory)

    def _install_auth(self, auth):
        rtsp_auth = GstRtspServer.RTSPAuth()
        token = GstRtspServer.RTSPToken.new(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, str, auth["username"])
        rtsp_auth.add_digest(auth["username"], auth["password"], token)
        rtsp_auth.set_supported_methods(GstRtspServer.RTSPAuthMethod.DIGEST)
        self.server.set_auth(rtsp_auth)

    def _permit(self, factory, role):
        permissions = GstRtspServer.RTSPPermissions()
        permissions.add_role_empty(role)
        permissions.add_permission_for_role(role, GstRtspServer.RTSP_PERM_MEDIA_FACTORY_ACCESS, True)
        permissions.add_permission_for_role(role, GstRtspServer.RTSP_PERM_MEDIA_FACTORY_CONSTRUCT, True)
        factory.set_permissions(permissions)

    def _checked_file(self, cam):
        """The real path of a camera's 'file' source, or None: it must be a regular file under files_root."""
        root = self.config.get("files_root")
        path = cam.get("file")
        if not isinstance(root, str) or not isinstance(path, str) or not root or not path:
            return None
        if any(ord(ch) < 32 or ord(ch) == 127 for ch in path):
            return None
        real_root = os.path.realpath(root)
        real = os.path.realpath(os.path.join(real_root, path))
        if not real.startswith(real_root.rstrip(os.sep) + os.sep) or not os.path.isfile(real):
            return None
        return real

    def _file_canvas(self):
        # Files are decoded to the substream's size, which the analytics read, and scaled up for the main stream.
        sub = self.profiles.get("sub") or next(iter(self.profiles.values()))
        return sub["width"], sub["height"]

    def _source(self, cam, index, profile):
        p = self.profiles[profile]
        if cam.get("source") == "file":
            real = self._checked_file(cam)
            if real is not None:
                channel = self.file_channels.setdefault(real, "file%d" % len(self.file_channels))
                w, h = self._file_canvas()
                return "intervideosrc channel=%s timeout=2000000000 ! video/x-raw,width=%d,height=%d,framerate=%d/1" % (channel, w, h, p["fps"]), w, h
            emit("error", message="camera %s: file source refused (not a regular file under the resources folder)" % cam["id"])
        if cam.get("source") == "vtest" and self.config.get("vtest"):
            self._ensure_vtest()
            return "intervideosrc channel=vtest timeout=2000000000 ! video/x-raw,width=768,height=576,framerate=%d/1" % p["fps"], 768, 576
        pattern = cam.get("source") if cam.get("source") in PATTERNS else PATTERNS[index % len(PATTERNS)]
        w, h = (p["width"] * 2, p["height"] * 2) if cam.get("ptz") else (p["width"], p["height"])
        extra = " horizontal-speed=4" if pattern in ("smpte", "gamut", "colors") else ""
        return (
            "videotestsrc is-live=true pattern=%s%s ! video/x-raw,width=%d,height=%d,framerate=%d/1"
            % (pattern, extra, w, h, p["fps"]),
            w,
            h,
        )

    def _launch(self, cam, index, profile):
        p = self.profiles[profile]
        source, _, _ = self._source(cam, index, profile)
        crop = " ! videocrop name=ptz" if cam.get("ptz") else ""
        label = cam.get("label", cam["id"]).replace('"', "'")
        encoder = self._encoder(cam.get("codec", "h264"), p)
        return (
            "( %s%s ! videoscale ! videoconvert ! video/x-raw,format=I420,width=%d,height=%d"
            ' ! textoverlay text="%s" valignment=bottom halignment=right font-desc="Sans 12" shaded-background=true'
            ' ! clockoverlay time-format="%%Y-%%m-%%d %%H:%%M:%%S" valignment=bottom halignment=left font-desc="Sans 12" shaded-background=true'
            " ! identity name=stamp ! %s )"
            % (source, crop, p["width"], p["height"], label, encoder)
        )

    def _encoder(self, codec, p):
        gop = p["fps"]
        if codec == "h265":
            return (
                "x265enc name=enc tune=zerolatency speed-preset=ultrafast key-int-max=%d bitrate=%d"
                " ! video/x-h265,profile=main ! rtph265pay name=pay0 pt=96 config-interval=-1" % (gop, p["bitrate"])
            )
        return (
            "x264enc name=enc tune=zerolatency speed-preset=ultrafast key-int-max=%d bitrate=%d bframes=0 threads=1"
            " ! video/x-h264,profile=constrained-baseline ! rtph264pay name=pay0 pt=96 config-interval=-1" % (gop, p["bitrate"])
        )

    def _ensure_vtest(self):
        if self.vtest_pipeline is not None:
            return
        location = self.config["vtest"].replace('"', "")
        # One decoder feeds every vtest channel; it loops by seeking back on end of stream.
        self.vtest_pipeline = Gst.parse_launch(
            'filesrc location="%s" ! decodebin ! videoconvert ! videoscale ! videorate'
            " ! video/x-raw,format=I420,width=768,height=576,framerate=25/1 ! intervideosink channel=vtest sync=true" % location
        )
        bus = self.vtest_pipeline.get_bus()
        bus.add_signal_watch()
        bus.connect("message", self._on_vtest_message)
        self.vtest_pipeline.set_state(Gst.State.PLAYING)

    def _ensure_file(self, real):
        """Starts the looping decoder of a file source when a camera that shows it is first watched."""
        channel = self.file_channels.get(real)
        if channel is None or channel in self.file_pipelines:
            return
        w, h = self._file_canvas()
        # The path is never part of the description: it is set as a property of the element.
        try:
            pipeline = Gst.parse_launch(
                "filesrc name=src ! decodebin ! videoconvert ! videoscale ! videorate"
                " ! video/x-raw,format=I420,width=%d,height=%d,framerate=25/1 ! intervideosink channel=%s sync=true" % (w, h, channel)
            )
        except GLib.Error as err:
            emit("error", message="file decoder %s: %s" % (channel, err.message))
            return
        pipeline.get_by_name("src").set_property("location", real)
        bus = pipeline.get_bus()
        bus.add_signal_watch()
        bus.connect("message", self._on_file_message, pipeline, channel)
        self.file_pipelines[channel] = pipeline
        pipeline.set_state(Gst.State.PLAYING)

    def _on_file_message(self, _bus, message, pipeline, channel):
        if message.type == Gst.MessageType.EOS:
            pipeline.seek_simple(Gst.Format.TIME, Gst.SeekFlags.FLUSH | Gst.SeekFlags.KEY_UNIT, 0)
        elif message.type == Gst.MessageType.ERROR:
            err, _ = message.parse_error()
            emit("error", message="file decoder %s: %s" % (channel, err.message))

    def _on_vtest_message(self, _bus, message):
        if message.type == Gst.MessageType.EOS:
            self.vtest_pipeline.seek_simple(Gst.Format.TIME, Gst.SeekFlags.FLUSH | Gst.SeekFlags.KEY_UNIT, 0)
        elif message.type == Gst.MessageType.ERROR:
            err, _ = message.parse_error()
            emit("error", message="vtest decoder: %s" % err.message)

    def _on_media_configure(self, _factory, media, cam, profile):
        if cam.get("source") == "file":
            real = self._checked_file(cam)
            if real is not None:
                self._ensure_file(real)
        element = media.get_element()
        p = self.profiles[profile]
        width, height = p["width"], p["height"]
        stamp = element.get_by_name("stamp")
        if stamp is not None:
            stamp.get_static_pad("src").add_probe(Gst.PadProbeType.BUFFER, self._on_frame, (width, height))
        encoder = element.get_by_name("enc")
        if encoder is not None:
            with self.lock:
                self.encoders[(cam["id"], profile)] = encoder
            media.connect("unprepared", self._forget_encoder, (cam["id"], profile), encoder)
        pay = element.get_by_name("pay0")
        if pay is not None:
            pay.get_static_pad("sink").add_probe(Gst.PadProbeType.QUERY_UPSTREAM, self._refuse_seeking)
        crop = element.get_by_name("ptz")
        key = (cam["id"], profile)
        if crop is not None:
            _, sw, sh = self._source(cam, 0, profile)
            with self.lock:
                self.crops[key] = (crop, sw, sh, width, height)
            self._apply_crop(cam["id"])
            media.connect("unprepared", self._forget_crop, key)
        emit("media", camera=cam["id"], profile=profile, state="configured")
        media.connect("unprepared", lambda _m: emit("media", camera=cam["id"], profile=profile, state="unprepared"))

    def _refuse_seeking(self, _pad, info):
        # A camera is live: every client's PLAY carries "Range: npt=0-", and gst-rtsp-server seeks a
        # pipeline that says it is seekable, which flushes the shared encoder and steps back the
        # timestamps of every client already watching. Saying "not seekable" makes it skip the seek.
        query = info.get_query()
        if query.type == Gst.QueryType.SEEKING:
            query.set_seeking(Gst.Format.TIME, False, 0, -1)
            return Gst.PadProbeReturn.HANDLED
        return Gst.PadProbeReturn.OK

    def _forget_encoder(self, _media, key, encoder):
        with self.lock:
            if self.encoders.get(key) is encoder:
                del self.encoders[key]

    def keyframe(self, camera, profile):
        """Asks the camera's running encoder for a keyframe now (ONVIF SetSynchronizationPoint)."""
        with self.lock:
            encoder = self.encoders.get((camera, profile))
        if encoder is None:
            return False
        # The GstForceKeyUnit upstream event (gst-plugins-base video/video-event.h), built by hand so
        # the simulator needs no GstVideo typelib; all-headers repeats SPS/PPS with the keyframe.
        structure = Gst.Structure.new_from_string("GstForceKeyUnit, all-headers=(boolean)true, count=(uint)0")
        return encoder.get_static_pad("src").send_event(Gst.Event.new_custom(Gst.EventType.CUSTOM_UPSTREAM, structure))

    def _forget_crop(self, _media, key):
        with self.lock:
            self.crops.pop(key, None)

    def _on_frame(self, _pad, info, size):
        buf = info.get_buffer()
        if buf is not None:
            self.stamper.stamp(buf, size[0], size[1])
        return Gst.PadProbeReturn.OK

    def _apply_crop(self, camera):
        window = self.ptz.get(camera)
        if window is None:
            return
        with self.lock:
            targets = [v for k, v in self.crops.items() if k[0] == camera]
        for crop, sw, sh, ow, oh in targets:
            left, top, right, bottom = window.crop(sw, sh, ow, oh)
            crop.set_property("left", left)
            crop.set_property("top", top)
            crop.set_property("right", right)
            crop.set_property("bottom", bottom)

    def command(self, line):
        try:
            cmd = json.loads(line)
        except ValueError:
            emit("error", message="command is not JSON")
            return False
        if cmd.get("cmd") == "ptz":
            window = self.ptz.get(cmd.get("camera"))
            if window is None:
                emit("error", message="no PTZ camera %s" % cmd.get("camera"))
                return False
            window.x = float(cmd.get("x", window.x))
            window.y = float(cmd.get("y", window.y))
            window.zoom = float(cmd.get("zoom", window.zoom))
            self._apply_crop(cmd["camera"])
            emit("ptz", camera=cmd["camera"], x=window.x, y=window.y, zoom=window.zoom)
        elif cmd.get("cmd") == "keyframe":
            camera, profile = cmd.get("camera"), cmd.get("profile")
            # Nobody streaming that profile: nothing to do, as a camera would answer all the same.
            if isinstance(camera, str) and profile in self.profiles:
                self.keyframe(camera, profile)
        return False

    def start(self):
        if self.server.attach(None) == 0:
            emit("error", message="could not bind RTSP port")
            sys.exit(3)
        emit("ready", port=self.server.get_bound_port())


# Elements every pipeline uses, and the Debian package that ships each. A missing one would
# otherwise surface only as "503 Service Unavailable" when a client asks for a stream.
REQUIRED_ELEMENTS = {
    "videotestsrc": "gstreamer1.0-plugins-base",
    "clockoverlay": "gstreamer1.0-x",
    "textoverlay": "gstreamer1.0-x",
    "x264enc": "gstreamer1.0-plugins-ugly",
    "rtph264pay": "gstreamer1.0-plugins-good",
    "videocrop": "gstreamer1.0-plugins-good",
}


def missing_elements():
    return ["%s (%s)" % (name, pkg) for name, pkg in REQUIRED_ELEMENTS.items() if Gst.ElementFactory.find(name) is None]


def main():
    Gst.init(None)
    missing = missing_elements()
    if missing:
        emit("error", message="GStreamer elements missing: " + ", ".join(missing))
        sys.exit(4)
    first = sys.stdin.readline()
    if not first:
        sys.exit(2)
    sim = Simulator(json.loads(first))
    loop = GLib.MainLoop()

    def read_commands():
        for line in sys.stdin:
            GLib.idle_add(sim.command, line)
        # stdin closed: the console that started us is gone, so are we.
        GLib.idle_add(loop.quit)

    threading.Thread(target=read_commands, daemon=True).start()
    sim.start()
    try:
        loop.run()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
