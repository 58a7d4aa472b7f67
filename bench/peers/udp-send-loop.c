/* C-speed reference of the generator figure: one connected UDP socket, send() in a loop.
   Usage: udp-send-loop HOST PORT COUNT SIZE   prints {"sent":N,"ms":T,"rate":R} */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static double ms_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int main(int argc, char **argv) {
  if (argc < 5) return 2;
  long count = atol(argv[3]);
  int size = atoi(argv[4]);
  char buf[65536];
  if (size < 0 || size > (int)sizeof buf) return 2;
  memset(buf, 'c', sizeof buf);
  struct sockaddr_in to = {0};
  to.sin_family = AF_INET;
  to.sin_port = htons((unsigned short)atoi(argv[2]));
  if (inet_pton(AF_INET, argv[1], &to.sin_addr) != 1) return 2;
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0 || connect(fd, (struct sockaddr *)&to, sizeof to) != 0) return 1;
  long sent = 0;
  double t0 = ms_now();
  for (long i = 0; i < count; i++)
    if (send(fd, buf, (size_t)size, 0) == size) sent++;
  double ms = ms_now() - t0;
  printf("{\"sent\":%ld,\"ms\":%.3f,\"rate\":%.1f}\n", sent, ms, sent / (ms / 1000.0));
  close(fd);
  return 0;
}
