/*
 * apps/hello: the main image's root task. The kernel cannot start a root
 * task yet (see README "Status"), so for now it only has to be a valid
 * program for the loader to place and the kernel to report.
 */
int main(void);

int main(void)
{
    return 0;
}
