#ifndef CLUA_UMBRELLA_H
#define CLUA_UMBRELLA_H
#include <lua.h>
#include <lualib.h>
#include <lauxlib.h>
#endif
