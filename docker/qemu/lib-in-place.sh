# shellcheck shell=bash disable=SC2034
# docker/qemu/lib-in-place.sh - appended by docker/qemu/Dockerfile to ITS OWN COPY of qemu-endpoint/provision/lib.sh
# (never to the repository's file). On a host, the provisioning scripts build a Debian trixie root with mmdebstrap
# and run every step inside it with `inroot` (unshare + chroot). A Docker build stage already *is* a Debian trixie
# root, and unshare is not allowed there (no CAP_SYS_ADMIN), so these overrides make the scripts work in place:
#   - the root is / (COSIM_ROOT is empty, so "$COSIM_ROOT/boot/vmlinuz-..." is /boot/vmlinuz-...);
#   - inroot runs the command directly, with the same clean environment the chroot gets;
#   - host_apt_install does nothing: it only installs mmdebstrap, which bootstraps a root this stage does not need.
# trixie-root.sh and guest-build.sh then do exactly what they do on a host: resolve and install the trixie-backports
# kernel (headers, source), build pci_endpoint_test.ko, the kselftest and the no-IOMMU vfio.ko, pack the initramfs.
COSIM_ROOT=
[ -f /.cosim-bootstrap-done ] || die "lib-in-place.sh: /.cosim-bootstrap-done is missing; this copy of lib.sh is for the docker/qemu build stage only"

inroot() {
    # shellcheck disable=SC2086  # INROOT_ENV is a list of K=V words, as in lib.sh's inroot
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive \
        ${INROOT_ENV:-} "$@"
}

host_apt_install() { :; }
