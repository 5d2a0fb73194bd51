/*
 * epf-xfer - times the pci_endpoint_test driver's data transfers (the kselftest's READ/WRITE/COPY ioctls) and
 * prints MB/s, so `cosim bench epf` can report the model's DMA throughput as the real driver sees it.
 *
 *   epf-xfer DEVICE SIZE ITERATIONS [dma]
 *   e.g. epf-xfer /dev/pci-endpoint-test.0 1024000 5
 *
 * Output, one line per operation (names as the host driver uses them: READ = device reads host memory):
 *   xfer READ size=1024000 iterations=5 seconds=0.123456 MB/s=41.47
 * Exit: 0 ok, 1 a transfer failed (its errno is printed).
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/pcitest.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: %s DEVICE SIZE ITERATIONS [dma]\n", argv[0]);
		return 2;
	}
	int fd = open(argv[1], O_RDWR);
	if (fd < 0) {
		fprintf(stderr, "epf-xfer: open %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	struct pci_endpoint_test_xfer_param param = { .size = strtoul(argv[2], NULL, 0) };
	int iterations = atoi(argv[3]);
	if (argc > 4 && !strcmp(argv[4], "dma"))
		param.flags = PCITEST_FLAGS_USE_DMA;
	if (ioctl(fd, PCITEST_SET_IRQTYPE, PCITEST_IRQ_TYPE_AUTO) < 0) {
		fprintf(stderr, "epf-xfer: SET_IRQTYPE AUTO: %s\n", strerror(errno));
		return 1;
	}
	static const struct { const char *name; unsigned long request; } ops[] = {
		{ "READ", PCITEST_READ }, { "WRITE", PCITEST_WRITE }, { "COPY", PCITEST_COPY },
	};
	int rc = 0;
	for (size_t o = 0; o < sizeof ops / sizeof ops[0]; o++) {
		double start = now();
		for (int i = 0; i < iterations; i++) {
			if (ioctl(fd, ops[o].request, &param) < 0) {
				fprintf(stderr, "epf-xfer: %s of %llu bytes failed: %s\n", ops[o].name,
					(unsigned long long)param.size, strerror(errno));
				rc = 1;
				break;
			}
		}
		double seconds = now() - start;
		printf("xfer %s size=%llu iterations=%d seconds=%.6f MB/s=%.2f\n", ops[o].name,
		       (unsigned long long)param.size, iterations, seconds,
		       (double)param.size * iterations / seconds / 1e6);
		fflush(stdout);
	}
	close(fd);
	return rc;
}
