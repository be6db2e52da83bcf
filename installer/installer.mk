# Desktop installers (included by the Makefile). Linux only here: the Windows installer and
# the macOS .dmg are built by .github/workflows/installers.yml on hosted runners.
#
#   make installer        dist/parley/ (PyInstaller) and dist/parley_<version>_<arch>.deb
#   make installer-test   the above, then unpack the .deb into a throwaway root, run the
#                         installed parley's --version, --smoke-test and --self-test with
#                         HOME in a scratch folder, check the bundle for strays, and time
#                         the first window frozen and unfrozen
#
# Debian packages these need: dpkg-dev (dpkg-shlibdeps), the Qt runtime libraries listed in
# .ci/run, and libgtk-3-0 libwayland-client0 libwayland-cursor0 libwayland-egl1 (so that
# dpkg-shlibdeps can name what the optional GTK and Wayland plugins link against);
# desktop-file-utils and appstream to validate the .desktop file and the metainfo.

INSTALLER_STAMP := $(VENV)/.installer-tools

.PHONY: installer installer-test

# PyInstaller comes from the project's `installer` extra (pyproject.toml).
$(INSTALLER_STAMP): $(STAMP) pyproject.toml installer/installer.mk
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,installer]'
	@touch $@

# A fixed hash seed keeps the bytecode archive the same from one build to the next.
installer: $(INSTALLER_STAMP)
	@command -v dpkg-shlibdeps >/dev/null || \
	  { echo "make installer: needs dpkg-shlibdeps (apt-get install dpkg-dev)"; exit 1; }
	PYTHONHASHSEED=0 $(BIN)/pyinstaller --noconfirm --clean --log-level WARN \
	  --distpath dist --workpath build installer/parley.spec
	$(BIN)/python installer/linux/build_deb.py --bundle dist/parley --work build/deb --out dist

installer-test: installer
	$(BIN)/python installer/linux/verify_deb.py
