package io.hyperlocal.server;
class Placeholder {}
