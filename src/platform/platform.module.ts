import { Module } from '@nestjs/common';
import { LandingController } from './landing.controller.js';

@Module({ controllers: [LandingController] })
export class PlatformModule {}
