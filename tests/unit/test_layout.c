/* test_layout.c — placeholder, being written. */
#include "check.h"
int main(void)
{
    return check_summary();
}
