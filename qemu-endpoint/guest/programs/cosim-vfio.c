/*
 * cosim-vfio - drive a PCI device from user space through Linux VFIO in no-IOMMU mode.
 * Part of the Cosim guest tooling; built static (gcc -static -O2) into the test initramfs.
 *
 * Setup done by the program itself (idempotent): sets vfio's enable_unsafe_noiommu_mode=1
 * (modprobe vfio enable_unsafe_noiommu_mode=1 when vfio is not loaded yet), modprobe vfio-pci,
 * binds the device to vfio-pci through driver_override, then opens /dev/vfio/vfio (container,
 * VFIO_NOIOMMU_IOMMU), /dev/vfio/noiommu-N (group) and the device fd.  The binding stays after exit.
 *
 * usage: cosim-vfio [-q] COMMAND DEV [ARGS...]
 *   DEV     vvvv:dddd (first device with that vendor:device id) or a BDF (0000:00:03.0 or 00:03.0)
 *   REGION  0-5 | bar0-bar5 | rom | cfg | vga | a VFIO region index
 *   numbers are C literals (0x10, 16); VALUE may also be buf, buf+OFF, lo:EXPR, hi:EXPR (see run)
 *
 *   info  DEV                               ids, class, every region (index size flags) and IRQ index
 *   read  DEV REGION OFFSET WIDTH           WIDTH 1|2|4|8: one access; prints 0x...
 *   write DEV REGION OFFSET WIDTH VALUE     one access; prints the value written
 *   msix|msi|intx DEV VECTOR COUNT TIMEOUT-MS [-- OP...]
 *           enable vectors 0..VECTOR with one eventfd each (VFIO_DEVICE_SET_IRQS; intx: VECTOR 0),
 *           run the OPs (e.g. "w32 0 0x60 1" to make the device raise it), then wait until the
 *           eventfd of VECTOR has counted COUNT interrupts; prints "irq msix vector V count N"
 *   dma   DEV PAGES [-- OP...]              allocate a DMA buffer (as "buf PAGES"), run the OPs
 *   bench DEV REGION OFFSET COUNT           times COUNT 4-byte reads, then COUNT 4-byte writes (of the
 *           value read) with rdtsc; prints "read: mean=.. p50=.. p99=.. min=.. us n=.." and "write: ..."
 *   run   DEV OP...                         run a sequence of OPs on one open device:
 *     r8|r16|r32|r64 REGION OFFSET               read; prints "REGION+OFFSET = 0x..."
 *     w8|w16|w32|w64 REGION OFFSET VALUE         write  ("read"/"write" = r32/w32)
 *     poll32 REGION OFFSET MASK VALUE TIMEOUT-MS wait until (read & MASK) == VALUE
 *     expect32 REGION OFFSET MASK VALUE          one read; fails unless (read & MASK) == VALUE
 *     irq msi|msix|intx N                        enable N vectors (eventfds); "irq off" disables
 *     waitirq VECTOR COUNT TIMEOUT-MS            wait until VECTOR's eventfd counted >= COUNT in total
 *     unmask                                     VFIO INTx unmask.  VFIO masks INTx when it fires, so
 *                                                after a waitirq: clear the cause in the device, then
 *                                                unmask, then waitirq for the next one
 *   msi/msix also turn Bus Master on: an MSI is a memory write by the device.
 *     buf PAGES                                  allocate PAGES 4 KiB pages: mmap, mlock, zeroed,
 *                                                physical addresses from /proc/self/pagemap (printed
 *                                                as "buf page K phys 0x..."); enables Bus Master
 *     master on|off                              Bus Master Enable in the command register
 *     fill OFFSET LEN PATTERN                    write PATTERN into buf[OFFSET, OFFSET+LEN)
 *     verify OFFSET LEN PATTERN                  compare; prints the first mismatch
 *     dump OFFSET LEN                            hex dump of the buffer
 *     sleep MS
 *     echo TEXT                                  print TEXT
 *   PATTERN: 0xNN (every byte NN) | seq:SEED (byte i = SEED+i) | rand:SEED (xorshift32 bytes)
 *   Buffer values: buf = physical address of buffer byte 0, buf+OFF = of byte OFF (resolved through
 *   its page, so DMA that crosses a page is only valid when "buf contiguous yes" was printed),
 *   lo:X / hi:X = low / high 32 bits of X.
 *
 * Exit status: 0 ok, 1 error (message on stderr), 2 expect/verify mismatch, 3 timeout.
 * Output: results on stdout; setup notes on stderr (suppressed by -q).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <linux/vfio.h>

#define EXIT_MISMATCH 2
#define EXIT_TIMEOUT 3
#define MAX_REGIONS 16
#define MAX_AREAS 8
#define MAX_VECTORS 64
#define PAGE 4096UL

static int quiet;

static void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
static void die(const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	fputs("cosim-vfio: error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void note(const char *fmt, ...)
{
	va_list ap;
	if (quiet)
		return;
	fputs("cosim-vfio: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* ------------------------------------------------------------------ numbers and time */

static uint64_t parse_u64(const char *s, const char *what)
{
	char *end;
	errno = 0;
	uint64_t v = strtoull(s, &end, 0);
	if (errno || end == s || *end)
		die("bad %s '%s' (expected a number such as 16 or 0x10)", what, s);
	return v;
}

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void sleep_ms(uint64_t ms)
{
	struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000L };
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* ------------------------------------------------------------------ sysfs */

static int read_text(const char *path, char *buf, size_t n)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t r = read(fd, buf, n - 1);
	close(fd);
	if (r < 0)
		return -1;
	buf[r] = 0;
	while (r > 0 && isspace((unsigned char)buf[r - 1]))
		buf[--r] = 0;
	return 0;
}

static int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t r = write(fd, text, strlen(text));
	int e = errno;
	close(fd);
	errno = e;
	return r == (ssize_t)strlen(text) ? 0 : -1;
}

static unsigned long sysfs_hex(const char *bdf, const char *attr)
{
	char path[PATH_MAX], buf[64];
	snprintf(path, sizeof path, "/sys/bus/pci/devices/%s/%s", bdf, attr);
	if (read_text(path, buf, sizeof buf))
		return ~0ul;
	return strtoul(buf, NULL, 0);
}

static int is_bdf(const char *s)
{
	unsigned a, b, c, d;
	char tail;
	return sscanf(s, "%x:%x:%x.%x%c", &a, &b, &c, &d, &tail) == 4 ||
	       sscanf(s, "%x:%x.%x%c", &a, &b, &c, &tail) == 3;
}

/* DEV -> canonical BDF (dddd:bb:ss.f) */
static void find_device(const char *spec, char *bdf, size_t n)
{
	char path[PATH_MAX];
	struct stat st;
	if (is_bdf(spec)) {
		unsigned dom = 0, bus, slot, fn;
		if (sscanf(spec, "%x:%x:%x.%x", &dom, &bus, &slot, &fn) != 4) {
			dom = 0;
			sscanf(spec, "%x:%x.%x", &bus, &slot, &fn);
		}
		snprintf(bdf, n, "%04x:%02x:%02x.%x", dom, bus, slot, fn);
		snprintf(path, sizeof path, "/sys/bus/pci/devices/%s", bdf);
		if (stat(path, &st))
			die("no PCI device %s (%s missing)", bdf, path);
		return;
	}
	unsigned vid, did;
	char tail;
	if (sscanf(spec, "%x:%x%c", &vid, &did, &tail) != 2)
		die("bad device '%s': use vvvv:dddd or a BDF such as 0000:00:03.0", spec);
	DIR *d = opendir("/sys/bus/pci/devices");
	if (!d)
		die("cannot open /sys/bus/pci/devices: %s (is sysfs mounted?)", strerror(errno));
	struct dirent *e;
	char best[64] = "";
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (sysfs_hex(e->d_name, "vendor") == vid && sysfs_hex(e->d_name, "device") == did &&
		    (!best[0] || strcmp(e->d_name, best) < 0))
			snprintf(best, sizeof best, "%s", e->d_name);
	}
	closedir(d);
	if (!best[0])
		die("no PCI device with id %04x:%04x", vid, did);
	snprintf(bdf, n, "%s", best);
}

static int run_cmd(char *const argv[])
{
	pid_t pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		execvp(argv[0], argv);
		fprintf(stderr, "cosim-vfio: cannot run %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	int st;
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			die("waitpid: %s", strerror(errno));
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

/* vfio with no-IOMMU mode enabled, vfio-pci loaded */
static void ensure_modules(void)
{
	const char *param = "/sys/module/vfio/parameters/enable_unsafe_noiommu_mode";
	char buf[16];
	struct stat st;
	if (stat("/sys/module/vfio", &st)) {
		char *argv[] = { "modprobe", "vfio", "enable_unsafe_noiommu_mode=1", NULL };
		note("modprobe vfio enable_unsafe_noiommu_mode=1");
		if (run_cmd(argv))
			die("modprobe vfio enable_unsafe_noiommu_mode=1 failed");
	}
	if (read_text(param, buf, sizeof buf))
		die("%s missing: this kernel's vfio has no no-IOMMU mode (CONFIG_VFIO_NOIOMMU is off)", param);
	if (buf[0] != 'Y' && buf[0] != '1') {
		note("setting %s = Y", param);
		if (write_text(param, "Y"))
			die("cannot enable no-IOMMU mode through %s: %s", param, strerror(errno));
	}
	if (stat("/sys/bus/pci/drivers/vfio-pci", &st)) {
		char *argv[] = { "modprobe", "vfio-pci", NULL };
		note("modprobe vfio-pci");
		if (run_cmd(argv) || stat("/sys/bus/pci/drivers/vfio-pci", &st))
			die("modprobe vfio-pci failed");
	}
}

static void driver_of(const char *bdf, char *name, size_t n)
{
	char path[PATH_MAX], link[PATH_MAX];
	snprintf(path, sizeof path, "/sys/bus/pci/devices/%s/driver", bdf);
	ssize_t r = readlink(path, link, sizeof link - 1);
	if (r < 0) {
		name[0] = 0;
		return;
	}
	link[r] = 0;
	const char *b = strrchr(link, '/');
	snprintf(name, n, "%s", b ? b + 1 : link);
}

static void bind_vfio(const char *bdf)
{
	char drv[128], path[PATH_MAX];
	driver_of(bdf, drv, sizeof drv);
	if (!strcmp(drv, "vfio-pci"))
		return;
	snprintf(path, sizeof path, "/sys/bus/pci/devices/%s/driver_override", bdf);
	if (write_text(path, "vfio-pci"))
		die("write %s: %s", path, strerror(errno));
	if (drv[0]) {
		note("unbinding %s from %s", bdf, drv);
		snprintf(path, sizeof path, "/sys/bus/pci/devices/%s/driver/unbind", bdf);
		if (write_text(path, bdf))
			die("unbind %s from %s: %s", bdf, drv, strerror(errno));
	}
	note("binding %s to vfio-pci", bdf);
	if (write_text("/sys/bus/pci/drivers_probe", bdf))
		die("bind %s to vfio-pci failed: %s (see dmesg)", bdf, strerror(errno));
	driver_of(bdf, drv, sizeof drv);
	if (strcmp(drv, "vfio-pci"))
		die("%s is not bound to vfio-pci after drivers_probe (driver '%s'; see dmesg)", bdf, drv);
}

/* ------------------------------------------------------------------ the device */

struct area {
	uint64_t off, size;
	volatile uint8_t *map;
};

struct region {
	int present;
	uint32_t flags;
	uint64_t size, offset;
	int nareas; /* mmap-able areas (whole region when no sparse cap) */
	struct area areas[MAX_AREAS];
	int mapped;
};

struct dev {
	char bdf[64];
	int container, group, fd;
	uint32_t num_regions, num_irqs;
	struct region reg[MAX_REGIONS];
	int irq_index; /* -1 none */
	int nvec;
	int efd[MAX_VECTORS];
	uint64_t count[MAX_VECTORS];
	uint8_t *buf;
	size_t buf_pages;
	uint64_t *phys;
	int contiguous;
};

static const char *region_name(unsigned i)
{
	static const char *names[] = { "bar0", "bar1", "bar2", "bar3", "bar4", "bar5", "rom", "cfg", "vga" };
	return i < 9 ? names[i] : "dev-specific";
}

static const char *irq_name(unsigned i)
{
	static const char *names[] = { "intx", "msi", "msix", "err", "req" };
	return i < 5 ? names[i] : "other";
}

static void query_region(struct dev *d, uint32_t index)
{
	struct region *r = &d->reg[index];
	size_t sz = sizeof(struct vfio_region_info);
	struct vfio_region_info *info = calloc(1, sz);
	if (!info)
		die("out of memory");
	info->argsz = sz;
	info->index = index;
	if (ioctl(d->fd, VFIO_DEVICE_GET_REGION_INFO, info)) {
		free(info);
		return; /* e.g. VGA on non-VGA devices */
	}
	if (info->argsz > sz) {
		sz = info->argsz;
		info = realloc(info, sz);
		if (!info)
			die("out of memory");
		memset(info, 0, sz);
		info->argsz = sz;
		info->index = index;
		if (ioctl(d->fd, VFIO_DEVICE_GET_REGION_INFO, info))
			die("VFIO_DEVICE_GET_REGION_INFO %u: %s", index, strerror(errno));
	}
	r->present = info->size > 0;
	r->flags = info->flags;
	r->size = info->size;
	r->offset = info->offset;
	r->nareas = 0;
	int sparse = 0;
	if ((info->flags & VFIO_REGION_INFO_FLAG_CAPS) && info->cap_offset) {
		uint32_t off = info->cap_offset;
		while (off && off + sizeof(struct vfio_info_cap_header) <= sz) {
			struct vfio_info_cap_header *h = (void *)((char *)info + off);
			if (h->id == VFIO_REGION_INFO_CAP_SPARSE_MMAP) {
				struct vfio_region_info_cap_sparse_mmap *sp = (void *)h;
				sparse = 1;
				for (uint32_t i = 0; i < sp->nr_areas && r->nareas < MAX_AREAS; i++) {
					if (!sp->areas[i].size)
						continue;
					r->areas[r->nareas].off = sp->areas[i].offset;
					r->areas[r->nareas].size = sp->areas[i].size;
					r->nareas++;
				}
			}
			off = h->next;
		}
	}
	if (!sparse && (info->flags & VFIO_REGION_INFO_FLAG_MMAP) && r->size) {
		r->areas[0].off = 0;
		r->areas[0].size = r->size;
		r->nareas = 1;
	}
	free(info);
}

static void open_device(struct dev *d, const char *spec)
{
	char path[PATH_MAX], link[PATH_MAX];
	memset(d, 0, sizeof *d);
	d->irq_index = -1;
	for (int i = 0; i < MAX_VECTORS; i++)
		d->efd[i] = -1;
	find_device(spec, d->bdf, sizeof d->bdf);
	ensure_modules();
	bind_vfio(d->bdf);

	snprintf(path, sizeof path, "/sys/bus/pci/devices/%s/iommu_group", d->bdf);
	ssize_t r = readlink(path, link, sizeof link - 1);
	if (r < 0)
		die("%s has no iommu_group after binding to vfio-pci: %s", d->bdf, strerror(errno));
	link[r] = 0;
	const char *grp = strrchr(link, '/') ? strrchr(link, '/') + 1 : link;
	snprintf(path, sizeof path, "/dev/vfio/noiommu-%s", grp);
	struct stat st;
	if (stat(path, &st)) {
		char alt[PATH_MAX];
		snprintf(alt, sizeof alt, "/dev/vfio/%s", grp);
		if (!stat(alt, &st))
			die("%s is in IOMMU group %s behind a real (v)IOMMU (%s); cosim-vfio supports only "
			    "no-IOMMU mode: boot the guest without DMA translation (no intel-iommu, or "
			    "intel-iommu,dma-translation=off, or intel_iommu=off)", d->bdf, grp, alt);
		die("%s missing (group %s)", path, grp);
	}

	d->container = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC);
	if (d->container < 0)
		die("open /dev/vfio/vfio: %s", strerror(errno));
	if (ioctl(d->container, VFIO_GET_API_VERSION) != VFIO_API_VERSION)
		die("unexpected VFIO API version");
	if (ioctl(d->container, VFIO_CHECK_EXTENSION, VFIO_NOIOMMU_IOMMU) <= 0)
		die("the VFIO container does not offer VFIO_NOIOMMU_IOMMU (is enable_unsafe_noiommu_mode set?)");
	d->group = open(path, O_RDWR | O_CLOEXEC);
	if (d->group < 0)
		die("open %s: %s", path, strerror(errno));
	struct vfio_group_status gs = { .argsz = sizeof gs };
	if (ioctl(d->group, VFIO_GROUP_GET_STATUS, &gs))
		die("VFIO_GROUP_GET_STATUS: %s", strerror(errno));
	if (!(gs.flags & VFIO_GROUP_FLAGS_VIABLE))
		die("VFIO group %s is not viable (another device of the group is bound to a host driver)", grp);
	if (ioctl(d->group, VFIO_GROUP_SET_CONTAINER, &d->container))
		die("VFIO_GROUP_SET_CONTAINER: %s", strerror(errno));
	if (ioctl(d->container, VFIO_SET_IOMMU, VFIO_NOIOMMU_IOMMU))
		die("VFIO_SET_IOMMU(VFIO_NOIOMMU_IOMMU): %s", strerror(errno));
	d->fd = ioctl(d->group, VFIO_GROUP_GET_DEVICE_FD, d->bdf);
	if (d->fd < 0)
		die("VFIO_GROUP_GET_DEVICE_FD %s: %s", d->bdf, strerror(errno));

	struct vfio_device_info di = { .argsz = sizeof di };
	if (ioctl(d->fd, VFIO_DEVICE_GET_INFO, &di))
		die("VFIO_DEVICE_GET_INFO: %s", strerror(errno));
	if (!(di.flags & VFIO_DEVICE_FLAGS_PCI))
		die("%s is not a VFIO PCI device", d->bdf);
	d->num_regions = di.num_regions < MAX_REGIONS ? di.num_regions : MAX_REGIONS;
	d->num_irqs = di.num_irqs;
	for (uint32_t i = 0; i < d->num_regions; i++)
		query_region(d, i);
}

static int parse_region(struct dev *d, const char *s)
{
	int idx = -1;
	if (!strncmp(s, "bar", 3) && s[3] >= '0' && s[3] <= '5' && !s[4])
		idx = s[3] - '0';
	else if (!strcmp(s, "rom"))
		idx = VFIO_PCI_ROM_REGION_INDEX;
	else if (!strcmp(s, "cfg") || !strcmp(s, "config"))
		idx = VFIO_PCI_CONFIG_REGION_INDEX;
	else if (!strcmp(s, "vga"))
		idx = VFIO_PCI_VGA_REGION_INDEX;
	else
		idx = (int)parse_u64(s, "region");
	if (idx < 0 || (uint32_t)idx >= d->num_regions || !d->reg[idx].present)
		die("region '%s' does not exist on %s (see 'cosim-vfio info')", s, d->bdf);
	return idx;
}

static void map_region(struct dev *d, int idx)
{
	struct region *r = &d->reg[idx];
	if (r->mapped)
		return;
	r->mapped = 1;
	int prot = ((r->flags & VFIO_REGION_INFO_FLAG_READ) ? PROT_READ : 0) |
		   ((r->flags & VFIO_REGION_INFO_FLAG_WRITE) ? PROT_WRITE : 0);
	for (int i = 0; i < r->nareas; i++) {
		struct area *a = &r->areas[i];
		void *p = mmap(NULL, a->size, prot, MAP_SHARED, d->fd, (off_t)(r->offset + a->off));
		if (p == MAP_FAILED) {
			note("mmap of %s area 0x%" PRIx64 "+0x%" PRIx64 " failed (%s); using pread/pwrite",
			     region_name(idx), a->off, a->size, strerror(errno));
			a->map = NULL;
		} else {
			a->map = p;
		}
	}
}

static volatile uint8_t *mapped_ptr(struct dev *d, int idx, uint64_t off, unsigned width)
{
	struct region *r = &d->reg[idx];
	if (idx == VFIO_PCI_CONFIG_REGION_INDEX)
		return NULL;
	map_region(d, idx);
	for (int i = 0; i < r->nareas; i++) {
		struct area *a = &r->areas[i];
		if (a->map && off >= a->off && off + width <= a->off + a->size)
			return a->map + (off - a->off);
	}
	return NULL;
}

static void check_access(struct dev *d, int idx, uint64_t off, unsigned width, int write)
{
	struct region *r = &d->reg[idx];
	if (width != 1 && width != 2 && width != 4 && width != 8)
		die("width must be 1, 2, 4 or 8 (got %u)", width);
	if (off + width > r->size || off + width < off)
		die("access 0x%" PRIx64 "+%u is outside %s (size 0x%" PRIx64 ")", off, width, region_name(idx), r->size);
	if (!(r->flags & (write ? VFIO_REGION_INFO_FLAG_WRITE : VFIO_REGION_INFO_FLAG_READ)))
		die("%s is not %s", region_name(idx), write ? "writable" : "readable");
}

static uint64_t reg_read(struct dev *d, int idx, uint64_t off, unsigned width)
{
	check_access(d, idx, off, width, 0);
	volatile uint8_t *p = mapped_ptr(d, idx, off, width);
	if (p) {
		switch (width) {
		case 1: return *(volatile uint8_t *)p;
		case 2: return *(volatile uint16_t *)p;
		case 4: return *(volatile uint32_t *)p;
		default: return *(volatile uint64_t *)p;
		}
	}
	uint64_t v = 0;
	ssize_t n = pread(d->fd, &v, width, (off_t)(d->reg[idx].offset + off));
	if (n != (ssize_t)width)
		die("read %s+0x%" PRIx64 " (%u bytes) failed: %s", region_name(idx), off, width,
		    n < 0 ? strerror(errno) : "short read");
	return v; /* little-endian host */
}

static void reg_write(struct dev *d, int idx, uint64_t off, unsigned width, uint64_t v)
{
	check_access(d, idx, off, width, 1);
	volatile uint8_t *p = mapped_ptr(d, idx, off, width);
	if (p) {
		switch (width) {
		case 1: *(volatile uint8_t *)p = (uint8_t)v; break;
		case 2: *(volatile uint16_t *)p = (uint16_t)v; break;
		case 4: *(volatile uint32_t *)p = (uint32_t)v; break;
		default: *(volatile uint64_t *)p = v; break;
		}
		return;
	}
	ssize_t n = pwrite(d->fd, &v, width, (off_t)(d->reg[idx].offset + off));
	if (n != (ssize_t)width)
		die("write %s+0x%" PRIx64 " (%u bytes) failed: %s", region_name(idx), off, width,
		    n < 0 ? strerror(errno) : "short write");
}

static void set_master(struct dev *d, int on)
{
	uint16_t cmd = (uint16_t)reg_read(d, VFIO_PCI_CONFIG_REGION_INDEX, 4, 2);
	uint16_t want = on ? (cmd | 0x4) : (cmd & ~0x4);
	if (want != cmd)
		reg_write(d, VFIO_PCI_CONFIG_REGION_INDEX, 4, 2, want);
	note("bus master %s (command 0x%04x)", on ? "on" : "off", want);
}

/* ------------------------------------------------------------------ interrupts */

static void irq_disable(struct dev *d)
{
	if (d->irq_index < 0)
		return;
	struct vfio_irq_set s = { .argsz = sizeof s, .flags = VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_TRIGGER,
				  .index = (uint32_t)d->irq_index, .start = 0, .count = 0 };
	if (ioctl(d->fd, VFIO_DEVICE_SET_IRQS, &s))
		die("disabling %s interrupts: %s", irq_name(d->irq_index), strerror(errno));
	for (int i = 0; i < d->nvec; i++) {
		close(d->efd[i]);
		d->efd[i] = -1;
		d->count[i] = 0;
	}
	d->irq_index = -1;
	d->nvec = 0;
}

static void irq_enable(struct dev *d, int index, int n)
{
	if (n < 1 || n > MAX_VECTORS)
		die("vector count %d out of range 1..%d", n, MAX_VECTORS);
	irq_disable(d);
	struct vfio_irq_info ii = { .argsz = sizeof ii, .index = (uint32_t)index };
	if (ioctl(d->fd, VFIO_DEVICE_GET_IRQ_INFO, &ii))
		die("VFIO_DEVICE_GET_IRQ_INFO %s: %s", irq_name(index), strerror(errno));
	if (ii.count < (uint32_t)n)
		die("%s offers %u %s vector(s); %d requested", d->bdf, ii.count, irq_name(index), n);
	size_t sz = sizeof(struct vfio_irq_set) + sizeof(int32_t) * (size_t)n;
	struct vfio_irq_set *s = calloc(1, sz);
	if (!s)
		die("out of memory");
	s->argsz = (uint32_t)sz;
	s->flags = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER;
	s->index = (uint32_t)index;
	s->start = 0;
	s->count = (uint32_t)n;
	for (int i = 0; i < n; i++) {
		d->efd[i] = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
		if (d->efd[i] < 0)
			die("eventfd: %s", strerror(errno));
		d->count[i] = 0;
		((int32_t *)s->data)[i] = d->efd[i];
	}
	if (ioctl(d->fd, VFIO_DEVICE_SET_IRQS, s))
		die("VFIO_DEVICE_SET_IRQS %s count %d: %s%s", irq_name(index), n, strerror(errno),
		    index == VFIO_PCI_MSI_IRQ_INDEX && n > 1 ? " (multi-vector MSI needs interrupt remapping in the guest)" : "");
	free(s);
	d->irq_index = index;
	d->nvec = n;
	note("%s: %d vector(s) enabled", irq_name(index), n);
	/* an MSI is a memory write by the device: without Bus Master it is dropped */
	if (index != VFIO_PCI_INTX_IRQ_INDEX)
		set_master(d, 1);
}

static void intx_unmask(struct dev *d)
{
	struct vfio_irq_set s = { .argsz = sizeof s, .flags = VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_UNMASK,
				  .index = VFIO_PCI_INTX_IRQ_INDEX, .start = 0, .count = 1 };
	if (ioctl(d->fd, VFIO_DEVICE_SET_IRQS, &s))
		die("INTx unmask: %s", strerror(errno));
}

/* add what the eventfd of vector v counted so far (non-blocking, one read) */
static void irq_collect(struct dev *d, int v)
{
	uint64_t c;
	if (read(d->efd[v], &c, sizeof c) == (ssize_t)sizeof c)
		d->count[v] += c;
}

static int irq_wait(struct dev *d, int v, uint64_t want, uint64_t timeout_ms)
{
	if (d->irq_index < 0)
		die("waitirq: no interrupts enabled (use 'irq msi|msix|intx N' first)");
	if (v < 0 || v >= d->nvec)
		die("waitirq: vector %d not enabled (%d enabled)", v, d->nvec);
	uint64_t deadline = now_ns() + timeout_ms * 1000000ull;
	for (;;) {
		irq_collect(d, v);
		if (d->count[v] >= want)
			break;
		uint64_t t = now_ns();
		if (t >= deadline)
			break;
		struct pollfd p = { .fd = d->efd[v], .events = POLLIN };
		int ms = (int)((deadline - t + 999999) / 1000000);
		if (poll(&p, 1, ms) < 0 && errno != EINTR)
			die("poll: %s", strerror(errno));
	}
	printf("irq %s vector %d count %" PRIu64 "\n", irq_name(d->irq_index), v, d->count[v]);
	fflush(stdout);
	return d->count[v] >= want ? 0 : EXIT_TIMEOUT;
}

/* ------------------------------------------------------------------ DMA buffer */

static uint64_t virt_to_phys(int pm, void *va)
{
	uint64_t e;
	off_t off = (off_t)((uintptr_t)va / PAGE * 8);
	if (pread(pm, &e, sizeof e, off) != (ssize_t)sizeof e)
		die("read /proc/self/pagemap: %s", strerror(errno));
	if (!(e & (1ull << 63)))
		die("buffer page %p is not present", va);
	uint64_t pfn = e & ((1ull << 55) - 1);
	if (!pfn)
		die("/proc/self/pagemap shows PFN 0 (needs root / CAP_SYS_ADMIN)");
	return pfn * PAGE;
}

static void buf_alloc(struct dev *d, size_t pages)
{
	if (d->buf)
		die("buf: a buffer is already allocated");
	if (pages < 1 || pages > 4096)
		die("buf: PAGES must be 1..4096");
	if (sysconf(_SC_PAGESIZE) != (long)PAGE)
		die("page size is not 4 KiB");
	size_t len = pages * PAGE;
	/* a stable physical address: no THP collapse, locked, and no compaction of locked pages */
	int fd = open("/proc/sys/vm/compact_unevictable_allowed", O_WRONLY | O_CLOEXEC);
	if (fd >= 0) {
		if (write(fd, "0", 1) < 0) { /* best effort */ }
		close(fd);
	}
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		die("mmap %zu bytes: %s", len, strerror(errno));
	madvise(p, len, MADV_NOHUGEPAGE);
	if (mlock(p, len))
		die("mlock %zu bytes: %s", len, strerror(errno));
	memset(p, 0, len);
	d->buf = p;
	d->buf_pages = pages;
	d->phys = calloc(pages, sizeof *d->phys);
	if (!d->phys)
		die("out of memory");
	int pm = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	if (pm < 0)
		die("open /proc/self/pagemap: %s", strerror(errno));
	d->contiguous = 1;
	for (size_t i = 0; i < pages; i++) {
		d->phys[i] = virt_to_phys(pm, d->buf + i * PAGE);
		if (i && d->phys[i] != d->phys[i - 1] + PAGE)
			d->contiguous = 0;
		printf("buf page %zu phys 0x%" PRIx64 "\n", i, d->phys[i]);
	}
	close(pm);
	printf("buf pages %zu size 0x%zx contiguous %s\n", pages, len, d->contiguous ? "yes" : "no");
	fflush(stdout);
	set_master(d, 1);
}

static uint64_t buf_phys(struct dev *d, uint64_t off)
{
	if (!d->buf)
		die("'buf' used before 'buf PAGES' allocated a buffer");
	if (off >= d->buf_pages * PAGE)
		die("buf+0x%" PRIx64 " is outside the %zu-page buffer", off, d->buf_pages);
	return d->phys[off / PAGE] + off % PAGE;
}

/* VALUE: number | buf | buf+OFF | lo:VALUE | hi:VALUE */
static uint64_t parse_value(struct dev *d, const char *s)
{
	if (!strncmp(s, "lo:", 3))
		return parse_value(d, s + 3) & 0xffffffffull;
	if (!strncmp(s, "hi:", 3))
		return parse_value(d, s + 3) >> 32;
	if (!strcmp(s, "buf"))
		return buf_phys(d, 0);
	if (!strncmp(s, "buf+", 4))
		return buf_phys(d, parse_u64(s + 4, "buffer offset"));
	return parse_u64(s, "value");
}

struct pattern {
	int kind; /* 0 const, 1 seq, 2 rand */
	uint32_t seed;
};

static struct pattern parse_pattern(const char *s)
{
	struct pattern p = { 0, 0 };
	if (!strncmp(s, "seq:", 4)) {
		p.kind = 1;
		p.seed = (uint32_t)parse_u64(s + 4, "pattern seed");
	} else if (!strncmp(s, "rand:", 5)) {
		p.kind = 2;
		p.seed = (uint32_t)parse_u64(s + 5, "pattern seed");
		if (!p.seed)
			p.seed = 0x9e3779b9u;
	} else {
		p.seed = (uint32_t)parse_u64(s, "pattern byte");
		if (p.seed > 0xff)
			die("pattern byte '%s' is larger than 0xff", s);
	}
	return p;
}

static uint8_t pattern_next(struct pattern *p, uint64_t i)
{
	switch (p->kind) {
	case 0: return (uint8_t)p->seed;
	case 1: return (uint8_t)(p->seed + i);
	default:
		p->seed ^= p->seed << 13;
		p->seed ^= p->seed >> 17;
		p->seed ^= p->seed << 5;
		return (uint8_t)p->seed;
	}
}

static void buf_range(struct dev *d, uint64_t off, uint64_t len)
{
	if (!d->buf)
		die("no buffer (use 'buf PAGES' or the 'dma' command)");
	if (off + len > d->buf_pages * PAGE || off + len < off)
		die("range 0x%" PRIx64 "+0x%" PRIx64 " is outside the buffer (0x%zx bytes)", off, len, d->buf_pages * PAGE);
}

static void buf_fill(struct dev *d, uint64_t off, uint64_t len, const char *pat)
{
	buf_range(d, off, len);
	struct pattern p = parse_pattern(pat);
	for (uint64_t i = 0; i < len; i++)
		d->buf[off + i] = pattern_next(&p, i);
	__sync_synchronize();
}

static int buf_verify(struct dev *d, uint64_t off, uint64_t len, const char *pat)
{
	buf_range(d, off, len);
	__sync_synchronize();
	struct pattern p = parse_pattern(pat);
	uint64_t bad = 0, first = 0;
	uint8_t want0 = 0, got0 = 0;
	for (uint64_t i = 0; i < len; i++) {
		uint8_t want = pattern_next(&p, i), got = ((volatile uint8_t *)d->buf)[off + i];
		if (want != got) {
			if (!bad++) {
				first = off + i;
				want0 = want;
				got0 = got;
			}
		}
	}
	if (bad) {
		printf("verify buf+0x%" PRIx64 " len 0x%" PRIx64 " %s: MISMATCH %" PRIu64 " byte(s), first at buf+0x%" PRIx64
		       " want 0x%02x got 0x%02x\n", off, len, pat, bad, first, want0, got0);
		fflush(stdout);
		return EXIT_MISMATCH;
	}
	printf("verify buf+0x%" PRIx64 " len 0x%" PRIx64 " %s: ok\n", off, len, pat);
	fflush(stdout);
	return 0;
}

static void buf_dump(struct dev *d, uint64_t off, uint64_t len)
{
	buf_range(d, off, len);
	for (uint64_t i = 0; i < len; i += 16) {
		printf("buf+%06" PRIx64 ":", off + i);
		for (uint64_t j = i; j < i + 16 && j < len; j++)
			printf(" %02x", d->buf[off + j]);
		putchar('\n');
	}
	fflush(stdout);
}

/* ------------------------------------------------------------------ benchmark */

static inline uint64_t tsc(void)
{
#if defined(__x86_64__) || defined(__i386__)
	uint32_t lo, hi;
	__asm__ __volatile__("lfence; rdtsc; lfence" : "=a"(lo), "=d"(hi)::"memory");
	return ((uint64_t)hi << 32) | lo;
#else
	return now_ns();
#endif
}

static double tsc_per_us(void)
{
#if defined(__x86_64__) || defined(__i386__)
	uint64_t n0 = now_ns(), t0 = tsc();
	while (now_ns() - n0 < 100000000ull)
		;
	uint64_t n1 = now_ns(), t1 = tsc();
	return (double)(t1 - t0) / ((double)(n1 - n0) / 1000.0);
#else
	return 1000.0;
#endif
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static void report(const char *what, uint64_t *t, size_t n, double per_us)
{
	long double sum = 0;
	for (size_t i = 0; i < n; i++)
		sum += t[i];
	qsort(t, n, sizeof *t, cmp_u64);
	size_t i50 = (n - 1) * 50 / 100, i99 = (n - 1) * 99 / 100;
	printf("%s: mean=%.3f p50=%.3f p99=%.3f min=%.3f us n=%zu\n", what, (double)(sum / n) / per_us,
	       t[i50] / per_us, t[i99] / per_us, t[0] / per_us, n);
	/* The whole distribution in 0.1 us buckets (sorted, so runs are contiguous): "BUCKET:COUNT" pairs,
	   so that a host can merge blocks and devices into exact-to-0.1-us percentiles. */
	printf("%s-hist 0.1us", what);
	for (size_t i = 0; i < n; ) {
		uint64_t bucket = (uint64_t)(t[i] / per_us * 10.0);
		size_t j = i;
		while (j < n && (uint64_t)(t[j] / per_us * 10.0) == bucket)
			j++;
		printf(" %" PRIu64 ":%zu", bucket, j - i);
		i = j;
	}
	printf("\n");
	fflush(stdout);
}

static int cmd_bench(struct dev *d, int idx, uint64_t off, size_t n)
{
	if (!n || n > 100000000)
		die("COUNT must be 1..100000000");
	check_access(d, idx, off, 4, 1);
	check_access(d, idx, off, 4, 0);
	volatile uint32_t *p = (volatile uint32_t *)mapped_ptr(d, idx, off, 4);
	if (!p)
		note("%s is not mmap-able here: timing pread/pwrite system calls", region_name(idx));
	uint64_t *t = malloc(n * sizeof *t);
	if (!t)
		die("out of memory");
	double per_us = tsc_per_us();
	printf("tsc: %.3f MHz (calibrated over 100 ms against CLOCK_MONOTONIC); access: %s\n", per_us,
	       p ? "mmap" : "pread/pwrite");
	uint32_t v = 0;
	for (size_t i = 0; i < n; i++) {
		uint64_t a = tsc();
		if (p)
			v = *p;
		else
			v = (uint32_t)reg_read(d, idx, off, 4);
		t[i] = tsc() - a;
	}
	report("read", t, n, per_us);
	for (size_t i = 0; i < n; i++) {
		uint64_t a = tsc();
		if (p)
			*p = v;
		else
			reg_write(d, idx, off, 4, v);
		t[i] = tsc() - a;
	}
	report("write", t, n, per_us);
	free(t);
	return 0;
}

/* ------------------------------------------------------------------ info */

static int cmd_info(struct dev *d)
{
	int cfg = VFIO_PCI_CONFIG_REGION_INDEX;
	uint32_t id = (uint32_t)reg_read(d, cfg, 0, 4);
	uint32_t cls = (uint32_t)reg_read(d, cfg, 8, 4);
	uint32_t sub = (uint32_t)reg_read(d, cfg, 0x2c, 4);
	uint8_t pin = (uint8_t)reg_read(d, cfg, 0x3d, 1);
	printf("device %s vendor 0x%04x device 0x%04x class 0x%06x revision 0x%02x subsystem 0x%04x:0x%04x "
	       "irq-pin %u\n", d->bdf, id & 0xffff, id >> 16, cls >> 8, cls & 0xff, sub & 0xffff, sub >> 16, pin);
	for (uint32_t i = 0; i < d->num_regions; i++) {
		struct region *r = &d->reg[i];
		if (!r->present)
			continue;
		printf("region %u %s size 0x%" PRIx64 " flags%s%s%s", i, region_name(i), r->size,
		       (r->flags & VFIO_REGION_INFO_FLAG_READ) ? " read" : "",
		       (r->flags & VFIO_REGION_INFO_FLAG_WRITE) ? " write" : "",
		       (r->flags & VFIO_REGION_INFO_FLAG_MMAP) ? " mmap" : "");
		if (i <= VFIO_PCI_BAR5_REGION_INDEX) {
			uint32_t bar = (uint32_t)reg_read(d, cfg, 0x10 + 4 * i, 4);
			printf(" %s%s", (bar & 1) ? "io" : ((bar & 6) == 4 ? "mem64" : "mem32"),
			       (!(bar & 1) && (bar & 8)) ? " prefetch" : "");
		}
		for (int a = 0; a < r->nareas && (r->flags & VFIO_REGION_INFO_FLAG_CAPS); a++)
			printf(" mmap-area 0x%" PRIx64 "+0x%" PRIx64, r->areas[a].off, r->areas[a].size);
		putchar('\n');
	}
	for (uint32_t i = 0; i < d->num_irqs; i++) {
		struct vfio_irq_info ii = { .argsz = sizeof ii, .index = i };
		if (ioctl(d->fd, VFIO_DEVICE_GET_IRQ_INFO, &ii) || !ii.count)
			continue;
		printf("irq %u %s count %u flags%s%s%s\n", i, irq_name(i), ii.count,
		       (ii.flags & VFIO_IRQ_INFO_EVENTFD) ? " eventfd" : "",
		       (ii.flags & VFIO_IRQ_INFO_MASKABLE) ? " maskable" : "",
		       (ii.flags & VFIO_IRQ_INFO_AUTOMASKED) ? " automasked" : "");
	}
	fflush(stdout);
	return 0;
}

/* ------------------------------------------------------------------ op interpreter */

static int width_of(const char *op)
{
	const char *w = op + 1; /* r8 / w32 / ... */
	if (!strcmp(w, "8")) return 1;
	if (!strcmp(w, "16")) return 2;
	if (!strcmp(w, "32")) return 4;
	if (!strcmp(w, "64")) return 8;
	return 0;
}

static int irq_index_of(const char *s)
{
	if (!strcmp(s, "intx")) return VFIO_PCI_INTX_IRQ_INDEX;
	if (!strcmp(s, "msi")) return VFIO_PCI_MSI_IRQ_INDEX;
	if (!strcmp(s, "msix")) return VFIO_PCI_MSIX_IRQ_INDEX;
	die("unknown interrupt type '%s' (intx, msi or msix)", s);
}

#define NEED(k) do { if (i + (k) >= argc) die("'%s' needs %d argument(s)", op, (k)); } while (0)

/* runs argv[0..argc) as ops; returns the first non-zero status (stops there) */
static int run_ops(struct dev *d, int argc, char **argv)
{
	int i = 0;
	while (i < argc) {
		const char *op = argv[i];
		int rc = 0;
		int alias = !strcmp(op, "read") || !strcmp(op, "write"); /* = r32 / w32 */
		if ((op[0] == 'r' || op[0] == 'w') && (width_of(op) || alias)) {
			unsigned w = alias ? 4 : (unsigned)width_of(op);
			if (op[0] == 'r') {
				NEED(2);
				int idx = parse_region(d, argv[i + 1]);
				uint64_t off = parse_value(d, argv[i + 2]);
				uint64_t v = reg_read(d, idx, off, w);
				printf("%s+0x%" PRIx64 " = 0x%0*" PRIx64 "\n", region_name(idx), off, (int)w * 2, v);
				i += 3;
			} else {
				NEED(3);
				int idx = parse_region(d, argv[i + 1]);
				uint64_t off = parse_value(d, argv[i + 2]);
				uint64_t v = parse_value(d, argv[i + 3]);
				reg_write(d, idx, off, w, v);
				i += 4;
			}
		} else if (!strcmp(op, "poll32") || !strcmp(op, "expect32")) {
			int poll_ = op[0] == 'p';
			NEED(poll_ ? 5 : 4);
			int idx = parse_region(d, argv[i + 1]);
			uint64_t off = parse_value(d, argv[i + 2]);
			uint32_t mask = (uint32_t)parse_value(d, argv[i + 3]);
			uint32_t want = (uint32_t)parse_value(d, argv[i + 4]);
			uint64_t tmo = poll_ ? parse_u64(argv[i + 5], "timeout") : 0;
			uint64_t deadline = now_ns() + tmo * 1000000ull;
			uint32_t v;
			for (;;) {
				v = (uint32_t)reg_read(d, idx, off, 4);
				if ((v & mask) == want || !poll_ || now_ns() >= deadline)
					break;
				sleep_ms(1);
			}
			int ok = (v & mask) == want;
			printf("%s %s+0x%" PRIx64 " = 0x%08x (mask 0x%08x want 0x%08x): %s\n", op, region_name(idx), off,
			       v, mask, want, ok ? "ok" : (poll_ ? "TIMEOUT" : "MISMATCH"));
			if (!ok)
				rc = poll_ ? EXIT_TIMEOUT : EXIT_MISMATCH;
			i += poll_ ? 6 : 5;
		} else if (!strcmp(op, "irq")) {
			NEED(1);
			if (!strcmp(argv[i + 1], "off")) {
				irq_disable(d);
				i += 2;
			} else {
				NEED(2);
				irq_enable(d, irq_index_of(argv[i + 1]), (int)parse_u64(argv[i + 2], "vector count"));
				i += 3;
			}
		} else if (!strcmp(op, "waitirq")) {
			NEED(3);
			rc = irq_wait(d, (int)parse_u64(argv[i + 1], "vector"), parse_u64(argv[i + 2], "count"),
				      parse_u64(argv[i + 3], "timeout"));
			i += 4;
		} else if (!strcmp(op, "unmask")) {
			intx_unmask(d);
			i += 1;
		} else if (!strcmp(op, "buf")) {
			NEED(1);
			buf_alloc(d, (size_t)parse_u64(argv[i + 1], "page count"));
			i += 2;
		} else if (!strcmp(op, "master")) {
			NEED(1);
			set_master(d, !strcmp(argv[i + 1], "on"));
			i += 2;
		} else if (!strcmp(op, "fill") || !strcmp(op, "verify")) {
			NEED(3);
			uint64_t off = parse_u64(argv[i + 1], "buffer offset"), len = parse_u64(argv[i + 2], "length");
			if (op[0] == 'f')
				buf_fill(d, off, len, argv[i + 3]);
			else
				rc = buf_verify(d, off, len, argv[i + 3]);
			i += 4;
		} else if (!strcmp(op, "dump")) {
			NEED(2);
			buf_dump(d, parse_u64(argv[i + 1], "buffer offset"), parse_u64(argv[i + 2], "length"));
			i += 3;
		} else if (!strcmp(op, "sleep")) {
			NEED(1);
			sleep_ms(parse_u64(argv[i + 1], "milliseconds"));
			i += 2;
		} else if (!strcmp(op, "echo")) {
			NEED(1);
			printf("%s\n", argv[i + 1]);
			i += 2;
		} else {
			die("unknown op '%s' (see the usage text: cosim-vfio help)", op);
		}
		fflush(stdout);
		if (rc)
			return rc;
	}
	return 0;
}

/* ------------------------------------------------------------------ main */

static void usage(FILE *f)
{
	fputs("usage: cosim-vfio [-q] COMMAND DEV [ARGS...]\n"
	      "  DEV = vvvv:dddd (first match) or BDF; REGION = 0-5|bar0-bar5|rom|cfg|vga|index\n"
	      "  info  DEV\n"
	      "  read  DEV REGION OFFSET WIDTH\n"
	      "  write DEV REGION OFFSET WIDTH VALUE\n"
	      "  msix|msi|intx DEV VECTOR COUNT TIMEOUT-MS [-- OP...]\n"
	      "  dma   DEV PAGES [-- OP...]\n"
	      "  bench DEV REGION OFFSET COUNT\n"
	      "  run   DEV OP...\n"
	      "OPs: r8|r16|r32|r64 REGION OFF; w8|w16|w32|w64 REGION OFF VALUE; read/write = r32/w32;\n"
	      "     poll32 REGION OFF MASK VALUE TIMEOUT-MS; expect32 REGION OFF MASK VALUE;\n"
	      "     irq msi|msix|intx N | irq off; waitirq VECTOR COUNT TIMEOUT-MS; unmask;\n"
	      "     buf PAGES; master on|off; fill OFF LEN PATTERN; verify OFF LEN PATTERN; dump OFF LEN;\n"
	      "     sleep MS; echo TEXT\n"
	      "VALUE: number | buf | buf+OFF | lo:VALUE | hi:VALUE   PATTERN: 0xNN | seq:SEED | rand:SEED\n"
	      "exit: 0 ok, 1 error, 2 mismatch, 3 timeout\n", f);
}

/* ops after an optional "--" */
static void ops_after(int argc, char **argv, int first, int *oc, char ***ov)
{
	*oc = 0;
	*ov = NULL;
	if (first >= argc)
		return;
	if (strcmp(argv[first], "--"))
		die("expected '--' before the ops, got '%s'", argv[first]);
	*oc = argc - first - 1;
	*ov = argv + first + 1;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	int a = 1;
	while (a < argc && argv[a][0] == '-' && argv[a][1]) {
		if (!strcmp(argv[a], "-q"))
			quiet = 1;
		else if (!strcmp(argv[a], "-h") || !strcmp(argv[a], "--help")) {
			usage(stdout);
			return 0;
		} else
			die("unknown option %s", argv[a]);
		a++;
	}
	if (a < argc && !strcmp(argv[a], "help")) {
		usage(stdout);
		return 0;
	}
	if (argc - a < 2) {
		usage(stderr);
		return 1;
	}
	const char *cmd = argv[a];
	char **args = argv + a + 2;
	int nargs = argc - a - 2;
	static struct dev dev;
	struct dev *d = &dev;

	if (!strcmp(cmd, "info")) {
		open_device(d, argv[a + 1]);
		return cmd_info(d);
	}
	if (!strcmp(cmd, "read") || !strcmp(cmd, "write")) {
		int wr = cmd[0] == 'w';
		if (nargs != (wr ? 4 : 3)) {
			usage(stderr);
			return 1;
		}
		open_device(d, argv[a + 1]);
		int idx = parse_region(d, args[0]);
		uint64_t off = parse_u64(args[1], "offset");
		unsigned w = (unsigned)parse_u64(args[2], "width");
		if (wr) {
			uint64_t v = parse_u64(args[3], "value");
			reg_write(d, idx, off, w, v);
			printf("0x%0*" PRIx64 "\n", (int)w * 2, v);
		} else {
			printf("0x%0*" PRIx64 "\n", (int)w * 2, reg_read(d, idx, off, w));
		}
		return 0;
	}
	if (!strcmp(cmd, "msix") || !strcmp(cmd, "msi") || !strcmp(cmd, "intx")) {
		if (nargs < 3) {
			usage(stderr);
			return 1;
		}
		int v = (int)parse_u64(args[0], "vector");
		uint64_t want = parse_u64(args[1], "count");
		uint64_t tmo = parse_u64(args[2], "timeout");
		int oc;
		char **ov;
		ops_after(nargs, args, 3, &oc, &ov);
		open_device(d, argv[a + 1]);
		int index = irq_index_of(cmd);
		if (index == VFIO_PCI_INTX_IRQ_INDEX && v != 0)
			die("INTx has only vector 0");
		irq_enable(d, index, v + 1);
		int rc = run_ops(d, oc, ov);
		if (rc)
			return rc;
		return irq_wait(d, v, want, tmo);
	}
	if (!strcmp(cmd, "dma")) {
		if (nargs < 1) {
			usage(stderr);
			return 1;
		}
		size_t pages = (size_t)parse_u64(args[0], "page count");
		int oc;
		char **ov;
		ops_after(nargs, args, 1, &oc, &ov);
		open_device(d, argv[a + 1]);
		buf_alloc(d, pages);
		return run_ops(d, oc, ov);
	}
	if (!strcmp(cmd, "bench")) {
		if (nargs != 3) {
			usage(stderr);
			return 1;
		}
		open_device(d, argv[a + 1]);
		int idx = parse_region(d, args[0]);
		return cmd_bench(d, idx, parse_u64(args[1], "offset"), (size_t)parse_u64(args[2], "count"));
	}
	if (!strcmp(cmd, "run")) {
		open_device(d, argv[a + 1]);
		return run_ops(d, nargs, args);
	}
	usage(stderr);
	die("unknown command '%s'", cmd);
}
