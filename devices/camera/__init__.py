"""Document cameras and scanner hot folders; importing the package registers their drivers."""
from devices.camera import hotfolder, opencv_camera  # noqa: F401  (register "hotfolder", "opencv")
