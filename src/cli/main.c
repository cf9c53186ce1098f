/* main.c - placeholder entry point until the CLI lands. */
#include <stdio.h>
int main(void) { puts("monitrend"); return 0; }
