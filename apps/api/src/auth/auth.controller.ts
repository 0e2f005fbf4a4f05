import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { LoginResponse, RefreshResponse, UserSummary } from '@tenplusn/domain';
import type { CookieOptions, Request, Response } from 'express';
import { ApiException } from '../common/api-exception';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { Allow, AuthUser, CurrentUser, Public } from './auth-user';
import { ChangePasswordDto, LoginDto } from './auth.dto';
import { AuthService } from './auth.service';

export const REFRESH_COOKIE = 'refresh_token';
export const REFRESH_COOKIE_PATH = '/api/auth';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** httpOnly, SameSite=Strict, only sent to /api/auth; Secure whenever served over TLS. */
  private cookieOptions(req: Request): CookieOptions {
    return {
      httpOnly: true,
      sameSite: 'strict',
      secure: this.config.secureCookies || req.secure,
      path: REFRESH_COOKIE_PATH,
      maxAge: this.config.refreshTokenTtlDays * 86400_000,
    };
  }

  private clearCookie(req: Request, res: Response): void {
    const { maxAge: _, ...options } = this.cookieOptions(req);
    res.clearCookie(REFRESH_COOKIE, options);
  }

  private refreshCookie(req: Request): string | undefined {
    const value = (req.cookies as Record<string, string> | undefined)?.[REFRESH_COOKIE];
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  async login(
    @Body() dto: LoginDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<LoginResponse> {
    const session = await this.auth.login(dto.username, dto.password, req.ip ?? null);
    res.cookie(REFRESH_COOKIE, session.refreshToken, this.cookieOptions(req));
    return session.body;
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  async refresh(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<RefreshResponse> {
    try {
      const next = await this.auth.refresh(this.refreshCookie(req), req.ip ?? null);
      res.cookie(REFRESH_COOKIE, next.refreshToken, this.cookieOptions(req));
      return next.body;
    } catch (e) {
      // only a refused token ends the cookie; an outage (503) must not sign the client out
      if (e instanceof ApiException && e.code === 'UNAUTHENTICATED') this.clearCookie(req, res);
      throw e;
    }
  }

  /**
   * The refresh cookie alone signs out: an expired access token must not stop a sign-out on a
   * shared office PC. Without a cookie there is nothing to end: 204 as well.
   */
  @Public()
  @Post('logout')
  @HttpCode(204)
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.logout(this.refreshCookie(req), req.ip ?? null);
    this.clearCookie(req, res);
  }

  @ApiBearerAuth()
  @Allow('account.self')
  @Get('me')
  me(@CurrentUser() user: AuthUser): Promise<UserSummary> {
    return this.auth.me(user);
  }

  @ApiBearerAuth()
  @Allow('account.self')
  @Post('password')
  @HttpCode(204)
  async changePassword(
    @CurrentUser() user: AuthUser,
    @Body() dto: ChangePasswordDto,
    @Req() req: Request,
  ): Promise<void> {
    await this.auth.changePassword(
      user,
      dto.currentPassword,
      dto.newPassword,
      this.refreshCookie(req),
      req.ip ?? null,
    );
  }
}
