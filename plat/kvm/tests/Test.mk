UNIT_TESTS += test_cmdline
test_cmdline_SRCS := plat/kvm/tests/test_cmdline.c plat/kvm/cmdline.c
test_cmdline_CFLAGS := -DUK_APPNAME='"app"' -DCONFIG_PLAT_KVM_MAX_ARGS=8

UNIT_TESTS += test_stop
test_stop_SRCS := plat/kvm/tests/test_stop.c plat/kvm/stop.c

UNIT_TESTS += test_irq_route
test_irq_route_SRCS := plat/kvm/tests/test_irq_route.c plat/kvm/irq_route.c
